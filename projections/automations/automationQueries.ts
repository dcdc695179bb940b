import type { Sql } from '../../infra/db/db.js';
import type { AutomationDelivery, AutomationView } from './automationView.js';

const iso = (value: unknown): string => new Date(value as string).toISOString();
const isoOrNull = (value: unknown): string | null => (value == null ? null : iso(value));

const toAutomation = (row: Record<string, any>): AutomationView => ({
  tenant: row['tenant'],
  id: row['id'],
  name: row['name'],
  eventType: row['event_type'],
  filter: row['filter'],
  action: row['action'],
  maxAttempts: Number(row['max_attempts']),
  status: row['status'],
  createdBy: row['created_by'],
  createdAt: iso(row['created_at']),
  createdPosition: Number(row['created_position']),
});

export const getAutomation = async (sql: Sql, { tenant, id }: { tenant: string; id: string }): Promise<AutomationView | null> => {
  const { rows } = await sql.query<Record<string, any>>('SELECT * FROM automations WHERE tenant = $1 AND id = $2', [tenant, id]);
  return rows[0] === undefined ? null : toAutomation(rows[0]);
};

export const listAutomations = async (sql: Sql, { tenant }: { tenant: string }): Promise<AutomationView[]> => {
  const { rows } = await sql.query<Record<string, any>>('SELECT * FROM automations WHERE tenant = $1 ORDER BY created_position LIMIT 1000', [tenant]);
  return rows.map(toAutomation);
};

/** The active automations of a tenant triggered by an event type (created before `position`). */
export const activeAutomationsFor = async (sql: Sql, { tenant, eventType, position }: { tenant: string; eventType: string; position: number }): Promise<AutomationView[]> => {
  const { rows } = await sql.query<Record<string, any>>(
    `SELECT * FROM automations WHERE tenant = $1 AND event_type = $2 AND status = 'ACTIVE' AND created_position < $3 ORDER BY created_position`,
    [tenant, eventType, position],
  );
  return rows.map(toAutomation);
};

/** The event types some active automation waits for (what the dispatcher reads of the log). */
export const triggeredEventTypes = async (sql: Sql): Promise<string[]> => {
  const { rows } = await sql.query<{ event_type: string }>(`SELECT DISTINCT event_type FROM automations WHERE status = 'ACTIVE'`);
  return rows.map((row) => row.event_type);
};

/** An automation's deliveries, newest event first, each with every attempt. */
export const automationDeliveries = async (sql: Sql, { tenant, automationId, deliveryId, first = 100 }: { tenant: string; automationId?: string | null; deliveryId?: string | null; first?: number }): Promise<AutomationDelivery[]> => {
  const params: unknown[] = [tenant];
  const where = ['d.tenant = $1'];
  if (automationId != null) where.push(`d.automation_id = $${params.push(automationId)}`);
  if (deliveryId != null) where.push(`d.id = $${params.push(deliveryId)}`);
  const { rows } = await sql.query<Record<string, any>>(
    `SELECT d.*, coalesce((SELECT json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'ok', a.ok, 'statusCode', a.status_code, 'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.attempt)
                           FROM ll_automation_attempts a WHERE a.delivery_id = d.id), '[]') AS attempt_list
     FROM ll_automation_deliveries d WHERE ${where.join(' AND ')} ORDER BY d.event_position DESC, d.id LIMIT $${params.push(Math.max(1, Math.min(1000, first)))}`,
    params,
  );
  return rows.map((row) => ({
    id: row['id'],
    automationId: row['automation_id'],
    eventId: row['event_id'],
    eventType: row['event_type'],
    eventPosition: Number(row['event_position']),
    status: String(row['status']).toUpperCase() as AutomationDelivery['status'],
    failures: Number(row['attempts']),
    nextAttemptAt: row['status'] === 'pending' ? iso(row['due_at']) : null,
    lastError: row['last_error'] ?? null,
    createdAt: iso(row['created_at']),
    finishedAt: isoOrNull(row['finished_at']),
    attempts: (typeof row['attempt_list'] === 'string' ? JSON.parse(row['attempt_list']) : row['attempt_list']).map((a: Record<string, any>) => ({ ...a, at: iso(a['at']) })),
  }));
};
