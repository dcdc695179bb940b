import type { Sql } from '../../infra/db/db.js';

/** A claimed row of ll_automation_deliveries. */
export type DeliveryItem = Readonly<{ id: string; tenant: string; automationId: string; eventId: string; eventType: string; body: string; failures: number }>;

export type NewDelivery = Readonly<{ id: string; tenant: string; automationId: string; eventId: string; eventType: string; eventPosition: number; body: string }>;

/** Creates deliveries (an existing id keeps its row: routing an event twice delivers it once). */
export const insertDeliveries = async (sql: Sql, deliveries: readonly NewDelivery[], now: Date): Promise<void> => {
  if (deliveries.length === 0) return;
  await sql.query(
    `INSERT INTO ll_automation_deliveries (id, tenant, automation_id, event_id, event_type, event_position, body, due_at, created_at, updated_at)
     SELECT x.id, x.tenant, x."automationId", x."eventId", x."eventType", x."eventPosition", x.body, $2, $2, $2
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, tenant text, "automationId" text, "eventId" text, "eventType" text, "eventPosition" bigint, body text)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(deliveries), now.toISOString()],
  );
};

/** Claims due pending deliveries with FOR UPDATE SKIP LOCKED and leases them until `leaseUntil`. */
export const claimDueDeliveries = async (sql: Sql, { now, leaseUntil, limit }: { now: Date; leaseUntil: Date; limit: number }): Promise<DeliveryItem[]> => {
  const { rows } = await sql.query<Record<string, any>>(
    `WITH due AS (
       SELECT id FROM ll_automation_deliveries
       WHERE status = 'pending' AND due_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
       ORDER BY due_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
     UPDATE ll_automation_deliveries d SET locked_until = $2, updated_at = $1 FROM due WHERE d.id = due.id
     RETURNING d.id, d.tenant, d.automation_id, d.event_id, d.event_type, d.body, d.attempts, d.due_at`,
    [now.toISOString(), leaseUntil.toISOString(), limit],
  );
  return rows
    .sort((a, b) => new Date(a['due_at']).getTime() - new Date(b['due_at']).getTime() || (a['id'] < b['id'] ? -1 : 1))
    .map((row) => ({ id: row['id'], tenant: row['tenant'], automationId: row['automation_id'], eventId: row['event_id'], eventType: row['event_type'], body: row['body'], failures: Number(row['attempts']) }));
};

export type AttemptRecord = Readonly<{ ok: boolean; statusCode: number | null; error: string | null; durationMs: number }>;

/** Logs one attempt (numbered across replays) and returns its number. */
export const recordAttempt = async (sql: Sql, item: DeliveryItem, attempt: AttemptRecord, at: Date): Promise<number> => {
  const { rows } = await sql.query<{ attempt: number }>(
    `INSERT INTO ll_automation_attempts (delivery_id, attempt, tenant, automation_id, at, ok, status_code, error, duration_ms)
     SELECT $1, coalesce(max(attempt), 0) + 1, $2, $3, $4, $5, $6, $7, $8 FROM ll_automation_attempts WHERE delivery_id = $1
     RETURNING attempt`,
    [item.id, item.tenant, item.automationId, at.toISOString(), attempt.ok, attempt.statusCode, attempt.error, attempt.durationMs],
  );
  return Number(rows[0]?.attempt ?? 0);
};

export const markDelivered = async (sql: Sql, id: string, at: Date): Promise<void> => {
  await sql.query(`UPDATE ll_automation_deliveries SET status = 'delivered', locked_until = NULL, finished_at = $2, updated_at = $2 WHERE id = $1 AND status = 'pending'`, [id, at.toISOString()]);
};

/** A failed try: parked when `park`, else due again at `dueAt`. */
export const markFailed = async (sql: Sql, id: string, { at, error, park, dueAt }: { at: Date; error: string; park: boolean; dueAt: Date }): Promise<void> => {
  await sql.query(
    `UPDATE ll_automation_deliveries SET attempts = attempts + 1, last_error = $3, locked_until = NULL, updated_at = $2,
       status = CASE WHEN $4 THEN 'parked' ELSE status END, finished_at = CASE WHEN $4 THEN $2::timestamptz ELSE NULL END, due_at = $5
     WHERE id = $1 AND status = 'pending'`,
    [id, at.toISOString(), error, park, dueAt.toISOString()],
  );
};

/** Puts a delivery back without counting a try (its circuit is open). */
export const postpone = async (sql: Sql, id: string, dueAt: Date): Promise<void> => {
  await sql.query(`UPDATE ll_automation_deliveries SET due_at = $2, locked_until = NULL WHERE id = $1 AND status = 'pending'`, [id, dueAt.toISOString()]);
};

/** A parked delivery gets its tries again, due now. Returns false when the tenant has no such parked delivery. */
export const replayParked = async (sql: Sql, { tenant, id, now }: { tenant: string; id: string; now: Date }): Promise<boolean> => {
  const { rows } = await sql.query(
    `UPDATE ll_automation_deliveries SET status = 'pending', attempts = 0, due_at = $3, locked_until = NULL, finished_at = NULL, updated_at = $3
     WHERE tenant = $1 AND id = $2 AND status = 'parked' RETURNING id`,
    [tenant, id, now.toISOString()],
  );
  return rows.length > 0;
};
