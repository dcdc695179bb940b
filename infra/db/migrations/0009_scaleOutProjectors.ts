import type { Knex } from 'knex';

/**
 * Scale-out projectors (projectors that consume the relay's Kafka topics in a consumer group): per
 * projector, the next Kafka offset of each partition it applied, and the last version of each stream it
 * applied. Both change in the same transaction as the read model, so an event's effect is applied once
 * across rebalances and crashes (offsets), and a relay redelivery at another offset is recognised (versions).
 */
export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    CREATE TABLE ll_projector_offsets (
      projector   text        NOT NULL,
      topic       text        NOT NULL,
      partition   integer     NOT NULL,
      next_offset bigint      NOT NULL,
      updated_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (projector, topic, partition)
    );
    CREATE TABLE ll_projector_streams (
      projector text   NOT NULL,
      stream_id text   NOT NULL,
      version   bigint NOT NULL,
      PRIMARY KEY (projector, stream_id)
    );
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('DROP TABLE ll_projector_streams; DROP TABLE ll_projector_offsets;');
};
