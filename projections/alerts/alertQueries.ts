import type { Sql } from '../../infra/db/db.js';
import { alertColumns, alertFromRow } from './alertRow.js';
import type { AlertView } from './alertView.js';

export const getAlert = async (sql: Sql, { tenant, id }: { tenant: string; id: string }): Promise<AlertView | null> => {
  const { rows } = await sql.query(`SELECT ${alertColumns} FROM alerts WHERE tenant = $1 AND id = $2`, [tenant, id]);
  return rows[0] === undefined ? null : alertFromRow(rows[0]);
};

const SEVERITY_RANK = `CASE severity WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END`;

/** A tenant's alerts, most severe first, then oldest first; at most `first` (1..1000). */
export const listAlerts = async (
  sql: Sql,
  { tenant, status, severity, first = 100 }: { tenant: string; status?: AlertView['status'] | null; severity?: AlertView['severity'] | null; first?: number },
): Promise<AlertView[]> => {
  const params: unknown[] = [tenant];
  const where = ['tenant = $1'];
  if (status != null) where.push(`status = $${params.push(status)}`);
  if (severity != null) where.push(`severity = $${params.push(severity)}`);
  const limit = Math.max(1, Math.min(1000, Math.trunc(first)));
  const { rows } = await sql.query(`SELECT ${alertColumns} FROM alerts WHERE ${where.join(' AND ')} ORDER BY ${SEVERITY_RANK}, raised_at, id LIMIT $${params.push(limit)}`, params);
  return rows.map(alertFromRow);
};

export type AlertUpdate = Readonly<{ alert: AlertView; cursor: number }>;

/** Every version of one alert, oldest first: its history. */
export const alertHistory = async (sql: Sql, { tenant, id }: { tenant: string; id: string }): Promise<AlertUpdate[]> => {
  const { rows } = await sql.query<{ position: string; snapshot: AlertView }>('SELECT position, snapshot FROM alert_updates WHERE tenant = $1 AND alert_id = $2 ORDER BY position', [tenant, id]);
  return rows.map((row) => ({ alert: row.snapshot, cursor: Number(row.position) }));
};

/** Every change of a tenant's alerts after log position `after`, in log order: what a resuming subscriber missed. */
export const alertUpdatesAfter = async (sql: Sql, { tenant, after, limit }: { tenant: string; after: number; limit: number }): Promise<AlertUpdate[]> => {
  const { rows } = await sql.query<{ position: string; snapshot: AlertView }>(
    'SELECT position, snapshot FROM alert_updates WHERE tenant = $1 AND position > $2 ORDER BY position LIMIT $3',
    [tenant, after, limit],
  );
  return rows.map((row) => ({ alert: row.snapshot, cursor: Number(row.position) }));
};
