import type { Knex } from 'knex';

/**
 * Read models of identity and alerts, and the local mailbox. `alert_updates` keeps every version of an
 * alert with the log position that caused it: the alert history, and what a resuming subscriber missed.
 * `ll_mailbox` is where the embedded e-mail port delivers (one row per message id; `attempts` counts how
 * often it was handed the same message).
 */
export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    CREATE TABLE users (
      tenant        text        NOT NULL,
      id            text        NOT NULL,
      email         text        NOT NULL,
      display_name  text        NOT NULL,
      roles         jsonb       NOT NULL,
      permissions   jsonb       NOT NULL,
      status        text        NOT NULL,
      reason        text,
      version       bigint      NOT NULL,
      created_at    timestamptz NOT NULL,
      updated_at    timestamptz NOT NULL,
      last_position bigint      NOT NULL,
      PRIMARY KEY (tenant, id)
    );
    CREATE TABLE alerts (
      tenant           text        NOT NULL,
      id               text        NOT NULL,
      dedupe_key       text        NOT NULL,
      severity         text        NOT NULL,
      source           text        NOT NULL,
      subject          text        NOT NULL,
      details          text        NOT NULL,
      status           text        NOT NULL CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
      occurrences      int         NOT NULL,
      level            int         NOT NULL,
      raised_at        timestamptz NOT NULL,
      last_occurred_at timestamptz NOT NULL,
      acknowledged_at  timestamptz,
      acknowledged_by  text,
      resolved_at      timestamptz,
      resolved_by      text,
      updated_at       timestamptz NOT NULL,
      version          bigint      NOT NULL,
      last_position    bigint      NOT NULL,
      PRIMARY KEY (tenant, id)
    );
    CREATE INDEX alerts_tenant_status_severity ON alerts (tenant, status, severity, raised_at);
    CREATE TABLE alert_updates (
      position bigint NOT NULL,
      tenant   text   NOT NULL,
      alert_id text   NOT NULL,
      snapshot jsonb  NOT NULL,
      PRIMARY KEY (position, tenant, alert_id)
    );
    CREATE INDEX alert_updates_tenant_position ON alert_updates (tenant, position);
    CREATE INDEX alert_updates_tenant_alert ON alert_updates (tenant, alert_id, position);
    CREATE TABLE ll_mailbox (
      message_id text        PRIMARY KEY,
      tenant     text        NOT NULL,
      user_id    text,
      to_address text        NOT NULL,
      subject    text        NOT NULL,
      body       text        NOT NULL,
      sent_at    timestamptz NOT NULL,
      attempts   int         NOT NULL DEFAULT 1
    );
    CREATE INDEX ll_mailbox_user ON ll_mailbox (tenant, user_id, sent_at);
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('DROP TABLE ll_mailbox; DROP TABLE alert_updates; DROP TABLE alerts; DROP TABLE users;');
};
