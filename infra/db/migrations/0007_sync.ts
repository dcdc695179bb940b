import type { Knex } from 'knex';

/**
 * Data-sync read models: each shared record's current version and values (`sync_records`), its
 * conflicts (`sync_conflicts`, open and resolved), and the audit trail (`sync_audit`: every sync event
 * of a tenant with its log position, who did it and what it decided).
 */
export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    CREATE TABLE sync_records (
      tenant        text        NOT NULL,
      entity_type   text        NOT NULL,
      entity_id     text        NOT NULL,
      version       bigint      NOT NULL,
      fields        jsonb       NOT NULL,
      last_source   text        NOT NULL,
      updated_at    timestamptz NOT NULL,
      last_position bigint      NOT NULL,
      PRIMARY KEY (tenant, entity_type, entity_id)
    );
    CREATE TABLE sync_conflicts (
      tenant             text        NOT NULL,
      id                 text        NOT NULL,
      entity_type        text        NOT NULL,
      entity_id          text        NOT NULL,
      strategy           text        NOT NULL,
      status             text        NOT NULL CHECK (status IN ('OPEN', 'RESOLVED')),
      current_version    bigint      NOT NULL,
      base_version       bigint      NOT NULL,
      incoming           jsonb       NOT NULL,
      current            jsonb       NOT NULL,
      conflicting_fields jsonb       NOT NULL,
      resolution         text,
      winner             text,
      result             jsonb,
      resolved_by        text,
      note               text,
      detected_at        timestamptz NOT NULL,
      resolved_at        timestamptz,
      detected_position  bigint      NOT NULL,
      last_position      bigint      NOT NULL,
      PRIMARY KEY (tenant, id)
    );
    CREATE INDEX sync_conflicts_tenant_status ON sync_conflicts (tenant, status, detected_position);
    CREATE TABLE sync_audit (
      position    bigint      PRIMARY KEY,
      tenant      text        NOT NULL,
      entity_type text        NOT NULL,
      entity_id   text        NOT NULL,
      conflict_id text,
      event_type  text        NOT NULL,
      actor       text        NOT NULL,
      at          timestamptz NOT NULL,
      detail      jsonb       NOT NULL
    );
    CREATE INDEX sync_audit_entity ON sync_audit (tenant, entity_type, entity_id, position);
    CREATE INDEX sync_audit_conflict ON sync_audit (tenant, conflict_id, position);
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('DROP TABLE sync_audit; DROP TABLE sync_conflicts; DROP TABLE sync_records;');
};
