import type { Knex } from 'knex';

/**
 * The Kafka relay's checkpoint: the global position of the last event the broker acknowledged, one row
 * per relay name. It advances only after the acknowledgement, so a crash in between republishes events
 * (with the same event ids) rather than losing them.
 */
export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    CREATE TABLE ll_relay_checkpoints (
      name       text        PRIMARY KEY,
      position   bigint      NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('DROP TABLE ll_relay_checkpoints');
};
