import type { Knex } from 'knex';

/**
 * Automations: the tenant's automations (a read model of their streams), and the webhook dispatcher's
 * durable work: one delivery per (automation, event), claimed with FOR UPDATE SKIP LOCKED and leased,
 * retried with backoff, parked after its automation's maximum attempts; every attempt is logged.
 */
export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    CREATE TABLE automations (
      tenant        text        NOT NULL,
      id            text        NOT NULL,
      name          text        NOT NULL,
      event_type    text        NOT NULL,
      filter        jsonb       NOT NULL,
      action        jsonb       NOT NULL,
      max_attempts  int         NOT NULL,
      status        text        NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED')),
      created_by    text        NOT NULL,
      created_at    timestamptz NOT NULL,
      updated_at    timestamptz NOT NULL,
      created_position bigint   NOT NULL,
      last_position bigint      NOT NULL,
      PRIMARY KEY (tenant, id)
    );
    CREATE INDEX automations_trigger ON automations (tenant, event_type) WHERE status = 'ACTIVE';
    CREATE TABLE ll_automation_deliveries (
      id             text        PRIMARY KEY,
      tenant         text        NOT NULL,
      automation_id  text        NOT NULL,
      event_id       text        NOT NULL,
      event_type     text        NOT NULL,
      event_position bigint      NOT NULL,
      body           text        NOT NULL,
      status         text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'parked')),
      attempts       int         NOT NULL DEFAULT 0,
      due_at         timestamptz NOT NULL,
      locked_until   timestamptz,
      last_error     text,
      created_at     timestamptz NOT NULL,
      updated_at     timestamptz NOT NULL,
      finished_at    timestamptz
    );
    CREATE INDEX ll_automation_deliveries_due ON ll_automation_deliveries (due_at) WHERE status = 'pending';
    CREATE INDEX ll_automation_deliveries_automation ON ll_automation_deliveries (tenant, automation_id, event_position);
    CREATE TABLE ll_automation_attempts (
      delivery_id   text        NOT NULL,
      attempt       int         NOT NULL,
      tenant        text        NOT NULL,
      automation_id text        NOT NULL,
      at            timestamptz NOT NULL,
      ok            boolean     NOT NULL,
      status_code   int,
      error         text,
      duration_ms   int         NOT NULL,
      PRIMARY KEY (delivery_id, attempt)
    );
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('DROP TABLE ll_automation_attempts; DROP TABLE ll_automation_deliveries; DROP TABLE automations;');
};
