import type { Sql } from '../infra/db/db.js';
import type { SagaStepRecorded } from '../domain/sagas/events.js';
import type { SagaOrigin } from './sagaStore.js';

/** A claimed row of ll_saga_work: an action to run or a timer to fire. */
export type WorkItem = Readonly<{
  id: string;
  sagaName: string;
  sagaId: string;
  tenant: string;
  correlationId: string;
  kind: 'action' | 'timer';
  name: string;
  key: string;
  input: Record<string, unknown>;
  dueAt: Date;
  attempts: number;
}>;

type WorkRow = {
  id: string;
  saga_name: string;
  saga_id: string;
  tenant: string;
  correlation_id: string;
  kind: 'action' | 'timer';
  name: string;
  input: { key: string; input: Record<string, unknown> };
  due_at: Date | string;
  attempts: number;
};

const toItem = (row: WorkRow): WorkItem => ({
  id: row.id,
  sagaName: row.saga_name,
  sagaId: row.saga_id,
  tenant: row.tenant,
  correlationId: row.correlation_id,
  kind: row.kind,
  name: row.name,
  key: row.input.key,
  input: row.input.input,
  dueAt: new Date(row.due_at),
  attempts: row.attempts,
});

/**
 * Creates the work a step asked for (actions due now, timers at their time) and cancels the timers it
 * cancelled. Idempotent: an id that exists keeps its row, so work that is done or cancelled stays so.
 */
export const scheduleStep = async (sql: Sql, step: SagaStepRecorded, origin: SagaOrigin, now: Date): Promise<void> => {
  const rows = [
    ...step.actions.map((action) => ({ id: action.id, kind: 'action', name: action.name, input: { key: action.key, input: JSON.parse(action.input) }, dueAt: now.toISOString() })),
    ...step.timers.map((timer) => ({ id: timer.id, kind: 'timer', name: timer.name, input: { key: timer.key, input: {} }, dueAt: timer.dueAt })),
  ];
  if (rows.length > 0) {
    await sql.query(
      `INSERT INTO ll_saga_work (id, saga_name, saga_id, tenant, correlation_id, kind, name, input, due_at)
       SELECT x.id, $2, $3, $4, $5, x.kind, x.name, x.input, x."dueAt" FROM jsonb_to_recordset($1::jsonb) AS x(id text, kind text, name text, input jsonb, "dueAt" timestamptz)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(rows), step.sagaName, step.sagaId, origin.tenant, origin.correlationId],
    );
  }
  if (step.cancelledTimers.length > 0) {
    await sql.query(`UPDATE ll_saga_work SET status = 'cancelled', updated_at = now() WHERE id = ANY($1::text[]) AND status = 'pending'`, [step.cancelledTimers]);
  }
};

/**
 * Claims up to `limit` due rows (due by `now`, not leased to a live worker) with FOR UPDATE SKIP LOCKED,
 * and leases them until `leaseUntil`: a worker that dies leaves its rows to the next one after the lease.
 */
export const claimDueWork = async (
  sql: Sql,
  { now, leaseUntil, limit, sagaNames }: { now: Date; leaseUntil: Date; limit: number; /** Only the work of these sagas (the ones this runtime runs). */ sagaNames: readonly string[] },
): Promise<WorkItem[]> => {
  const { rows } = await sql.query<WorkRow>(
    `WITH due AS (
       SELECT id FROM ll_saga_work
       WHERE status = 'pending' AND due_at <= $1 AND (locked_until IS NULL OR locked_until <= $1) AND saga_name = ANY($4::text[])
       ORDER BY due_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
     UPDATE ll_saga_work w SET locked_until = $2, attempts = w.attempts + 1, updated_at = now()
     FROM due WHERE w.id = due.id
     RETURNING w.id, w.saga_name, w.saga_id, w.tenant, w.correlation_id, w.kind, w.name, w.input, w.due_at, w.attempts`,
    [now.toISOString(), leaseUntil.toISOString(), limit, sagaNames],
  );
  return rows.map(toItem).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : 1));
};

export const finishWork = async (sql: Sql, id: string): Promise<void> => {
  await sql.query(`UPDATE ll_saga_work SET status = 'done', locked_until = NULL, updated_at = now() WHERE id = $1 AND status = 'pending'`, [id]);
};

/** Puts a row back, due at `dueAt`; `countAttempt: false` gives back the attempt its claim counted. */
export const retryWorkLater = async (sql: Sql, id: string, { dueAt, error, countAttempt }: { dueAt: Date; error: string; countAttempt: boolean }): Promise<void> => {
  await sql.query(
    `UPDATE ll_saga_work SET due_at = $2, locked_until = NULL, last_error = $3, attempts = attempts - $4, updated_at = now() WHERE id = $1 AND status = 'pending'`,
    [id, dueAt.toISOString(), error, countAttempt ? 0 : 1],
  );
};

/** The earliest time a pending row becomes due (null when none is pending): how long a worker may sleep. */
export const nextDueAt = async (sql: Sql): Promise<Date | null> => {
  const { rows } = await sql.query<{ due: Date | string | null }>(`SELECT min(greatest(due_at, coalesce(locked_until, due_at))) AS due FROM ll_saga_work WHERE status = 'pending'`);
  const due = rows[0]?.due;
  return due == null ? null : new Date(due);
};
