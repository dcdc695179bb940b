import type { Knex } from 'knex';

/**
 * The event log. `ll_head` holds the last committed position; every append locks that one row first, so
 * appends commit one after another and positions are handed out in commit order: a reader that has seen
 * position p has seen every position below it (see infra/eventStore/postgresEventStore.ts).
 */
export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    CREATE TABLE ll_events (
      position     bigint      PRIMARY KEY,
      event_id     text        NOT NULL UNIQUE,
      stream_id    text        NOT NULL,
      version      bigint      NOT NULL,
      type         text        NOT NULL,
      category     text        NOT NULL,
      tenant       text        NOT NULL,
      data         jsonb       NOT NULL,
      metadata     jsonb       NOT NULL,
      recorded_at  timestamptz NOT NULL,
      UNIQUE (stream_id, version)
    );
    CREATE INDEX ll_events_type_position ON ll_events (type, position);
    CREATE INDEX ll_events_category_position ON ll_events (category, position);
    CREATE TABLE ll_streams (
      stream_id  text        PRIMARY KEY,
      version    bigint      NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE TABLE ll_head (
      id       int    PRIMARY KEY CHECK (id = 1),
      position bigint NOT NULL
    );
    INSERT INTO ll_head (id, position) VALUES (1, 0);
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('DROP TABLE ll_head; DROP TABLE ll_streams; DROP TABLE ll_events;');
};
