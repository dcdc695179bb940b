import type { RecordedEvent } from '../../commands/eventStore.js';
import { alertEventTypes } from '../../domain/alerts/events.js';
import type { Sql } from '../../infra/db/db.js';
import type { ChangeItem } from '../changeFeed.js';
import { foldBatch } from '../foldBatch.js';
import type { Projection } from '../projection.js';
import { alertColumns, alertFromRow } from './alertRow.js';
import { alertKeyOf, alertViewKey, evolveAlertView, type AlertView } from './alertView.js';

const loadAlerts = async (tx: Sql, events: readonly RecordedEvent[]): Promise<Map<string, AlertView>> => {
  const tenants: string[] = [];
  const ids: string[] = [];
  for (const event of events) {
    if (typeof event.data['alertId'] !== 'string') continue;
    tenants.push(event.metadata.tenant);
    ids.push(event.data['alertId']);
  }
  const { rows } = await tx.query(`SELECT ${alertColumns} FROM alerts WHERE (tenant, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, [tenants, ids]);
  return new Map(rows.map((row) => {
    const alert = alertFromRow(row);
    return [alertViewKey(alert.tenant, alert.id), alert];
  }));
};

const upsertAlerts = async (tx: Sql, latest: readonly { view: AlertView; at: number }[]): Promise<void> => {
  await tx.query(
    `INSERT INTO alerts (tenant, id, dedupe_key, severity, source, subject, details, status, occurrences, level, raised_at, last_occurred_at,
                         acknowledged_at, acknowledged_by, resolved_at, resolved_by, updated_at, version, last_position)
     SELECT tenant, id, "dedupeKey", severity, source, subject, details, status, occurrences, level, "raisedAt", "lastOccurredAt",
            "acknowledgedAt", "acknowledgedBy", "resolvedAt", "resolvedBy", "updatedAt", version, at
     FROM jsonb_to_recordset($1::jsonb) AS x(tenant text, id text, "dedupeKey" text, severity text, source text, subject text, details text,
       status text, occurrences int, level int, "raisedAt" timestamptz, "lastOccurredAt" timestamptz, "acknowledgedAt" timestamptz,
       "acknowledgedBy" text, "resolvedAt" timestamptz, "resolvedBy" text, "updatedAt" timestamptz, version bigint, at bigint)
     ON CONFLICT (tenant, id) DO UPDATE SET
       details = excluded.details, status = excluded.status, occurrences = excluded.occurrences, level = excluded.level,
       last_occurred_at = excluded.last_occurred_at, acknowledged_at = excluded.acknowledged_at, acknowledged_by = excluded.acknowledged_by,
       resolved_at = excluded.resolved_at, resolved_by = excluded.resolved_by, updated_at = excluded.updated_at,
       version = excluded.version, last_position = excluded.last_position`,
    [JSON.stringify(latest.map(({ view, at }) => ({ ...view, at })))],
  );
};

const recordHistory = async (tx: Sql, changes: readonly { view: AlertView; at: number }[]): Promise<void> => {
  await tx.query(
    `INSERT INTO alert_updates (position, tenant, alert_id, snapshot)
     SELECT x.at, x.v->>'tenant', x.v->>'id', x.v FROM jsonb_to_recordset($1::jsonb) AS x(at bigint, v jsonb)`,
    [JSON.stringify(changes.map(({ view, at }) => ({ at, v: view })))],
  );
};

/** Alerts in PostgreSQL: one row per alert, and every version of it in `alert_updates` (the history). */
export const alertsProjection: Projection = {
  name: 'alerts',
  version: 1,
  eventTypes: alertEventTypes,
  apply: async (tx, events): Promise<readonly ChangeItem[]> => {
    const { latest, changes } = foldBatch(events, await loadAlerts(tx, events), alertKeyOf, evolveAlertView);
    if (changes.length === 0) return [];
    await upsertAlerts(tx, latest);
    await recordHistory(tx, changes);
    return changes.map(({ view, at }) => ({ kind: 'alert', tenant: view.tenant, at, alert: view }));
  },
  tables: ['alerts', 'alert_updates'],
};
