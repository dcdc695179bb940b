import type { Knex } from 'knex';

/**
 * The saga runtime. `ll_saga_work` holds what a saga asked for and has not finished: actions (commands
 * and side effects, retried with backoff) and durable timers, due at `due_at` by the runtime's clock.
 * A worker claims due rows with FOR UPDATE SKIP LOCKED and a lease (`locked_until`), so two workers never
 * take the same row and a crashed worker's row is taken again once its lease has passed. Rows stay
 * after they are done, so a step recorded again never re-creates finished work.
 * `ll_sagas` is the read model of every saga instance (status and steps), folded from its stream.
 */
export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    CREATE TABLE ll_saga_work (
      id             text        PRIMARY KEY,
      saga_name      text        NOT NULL,
      saga_id        text        NOT NULL,
      tenant         text        NOT NULL,
      correlation_id text        NOT NULL,
      kind           text        NOT NULL CHECK (kind IN ('action', 'timer')),
      name           text        NOT NULL,
      input          jsonb       NOT NULL,
      due_at         timestamptz NOT NULL,
      status         text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'cancelled')),
      attempts       int         NOT NULL DEFAULT 0,
      locked_until   timestamptz,
      last_error     text,
      created_at     timestamptz NOT NULL DEFAULT now(),
      updated_at     timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ll_saga_work_due ON ll_saga_work (due_at, id) WHERE status = 'pending';
    CREATE INDEX ll_saga_work_saga ON ll_saga_work (saga_name, saga_id);
    CREATE TABLE ll_sagas (
      tenant        text        NOT NULL,
      id            text        NOT NULL,
      name          text        NOT NULL,
      saga_id       text        NOT NULL,
      status        text        NOT NULL,
      steps         jsonb       NOT NULL,
      failure       jsonb,
      version       bigint      NOT NULL,
      started_at    timestamptz NOT NULL,
      updated_at    timestamptz NOT NULL,
      last_position bigint      NOT NULL,
      PRIMARY KEY (tenant, id)
    );
    CREATE INDEX ll_sagas_tenant_name_status ON ll_sagas (tenant, name, status, updated_at DESC);
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('DROP TABLE ll_sagas; DROP TABLE ll_saga_work;');
};
