import { streamCategory } from '../../commands/eventStore.js';
import type { Sql } from '../db/db.js';
import { appendChannel } from './headSignal.js';
import { planBatch, unitResults, type AppendUnit, type BatchPlan, type StagedEvent, type StoreState } from './planBatch.js';
import { eventColumns, type EventRow } from './sqlRows.js';

export type { AppendUnit } from './planBatch.js';

export type UnitOutcome =
  | Readonly<{ unit: AppendUnit; kind: 'ok'; results: readonly import('../../commands/eventStore.js').AppendResult[] }>
  | Readonly<{ unit: AppendUnit; kind: 'error'; error: Error }>
  | Readonly<{ unit: AppendUnit; kind: 'deferred' }>;

/** `appendedAfter`: the head before the batch; the batch wrote (appendedAfter, head], of `appendedTypes`. */
export type BatchOutcome = Readonly<{ outcomes: readonly UnitOutcome[]; head: number; appendedAfter: number; appendedTypes: ReadonlySet<string> }>;

/** The batch's stored events (by id) and its streams' versions, in one round trip. */
export const readState = async (sql: Sql, units: readonly AppendUnit[]): Promise<StoreState> => {
  const requests = units.flatMap((unit) => unit.requests);
  const ids = requests.flatMap((request) => request.events.map((event) => event.eventId));
  const streamIds = [...new Set(requests.map((request) => request.streamId))];
  const { rows: [state] } = await sql.query<{ events: EventRow[]; streams: Array<{ stream_id: string; version: number }> }>(
    `SELECT
       (SELECT coalesce(json_agg(e), '[]') FROM (SELECT ${eventColumns} FROM ll_events WHERE event_id = ANY($1::text[])) e) AS events,
       (SELECT coalesce(json_agg(s), '[]') FROM (SELECT stream_id, version FROM ll_streams WHERE stream_id = ANY($2::text[])) s) AS streams`,
    [ids, streamIds],
  );
  return {
    existing: new Map(state!.events.map((row) => [row.event_id, row])),
    versions: new Map(state!.streams.map((row) => [row.stream_id, Number(row.version)])),
  };
};

/**
 * Writes a planned batch in ONE statement: moving the head (its row lock is held to the end of the
 * transaction, so writers take turns and positions follow commit order), inserting the events at
 * head + ordinal, setting their streams' versions, and notifying listeners. A plan made from a stale
 * read cannot slip through: UNIQUE (stream_id, version) and UNIQUE (event_id) are checked against
 * what is committed, and fail the statement (23505).
 */
const writePlanned = async (sql: Sql, { staged, versions }: BatchPlan): Promise<{ base: number; recordedAt: string }> => {
  const column = <T,>(pick: (item: StagedEvent) => T): T[] => staged.map(pick);
  const eventOf = (item: StagedEvent) => item.request.events[item.index]!;
  const touched = [...new Set(staged.map((item) => item.request.streamId))];
  const { rows: [row] } = await sql.query<{ base: string; at: Date }>(
    `WITH head AS (
       UPDATE ll_head SET position = position + $1 WHERE id = 1 RETURNING position - $1 AS base, clock_timestamp() AS at
     ), inserted AS (
       INSERT INTO ll_events (position, event_id, stream_id, version, type, category, tenant, data, metadata, recorded_at)
       SELECT head.base + x.o, x.e, x.s, x.v, x.t, x.c, x.tn, x.d::jsonb, x.m::jsonb, head.at
       FROM head, unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
         AS x(o, e, s, v, t, c, tn, d, m)
     ), streams AS (
       INSERT INTO ll_streams (stream_id, version, updated_at)
       SELECT y.s, y.v, head.at FROM head, unnest($11::text[], $12::bigint[]) AS y(s, v)
       ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
     )
     SELECT base, at, pg_notify('${appendChannel}', (base + $1)::text) FROM head`,
    [
      staged.length,
      column((item) => item.ordinal),
      column((item) => eventOf(item).eventId),
      column((item) => item.request.streamId),
      column((item) => item.version),
      column((item) => eventOf(item).type),
      column((item) => streamCategory(item.request.streamId)),
      column((item) => eventOf(item).metadata.tenant),
      column((item) => JSON.stringify(eventOf(item).data)),
      column((item) => JSON.stringify(eventOf(item).metadata)),
      touched,
      touched.map((id) => versions.get(id)!),
    ],
  );
  return { base: Number(row!.base), recordedAt: new Date(row!.at).toISOString() };
};

const outcomesOf = (plan: BatchPlan, base: number, recordedAt: string): BatchOutcome => ({
  head: base + plan.staged.length,
  appendedAfter: base,
  appendedTypes: new Set(plan.staged.map((item) => item.request.events[item.index]!.type)),
  outcomes: plan.plans.map((unitPlan): UnitOutcome =>
    unitPlan.kind === 'ok'
      ? { unit: unitPlan.unit, kind: 'ok', results: unitResults(unitPlan.planned, unitPlan.unit.requests, base, recordedAt, plan.versions) }
      : unitPlan,
  ),
});

/** When nothing is written, results still need a position: the head at planning time. */
const headOf = async (sql: Sql): Promise<{ base: number; recordedAt: string }> => {
  const { rows: [row] } = await sql.query<{ position: string; at: Date }>('SELECT position, clock_timestamp() AS at FROM ll_head WHERE id = 1');
  return { base: Number(row!.position), recordedAt: new Date(row!.at).toISOString() };
};

/**
 * The fast path: read and plan without a lock, then write in one auto-committed statement (two round
 * trips). Throws the database's 23505 when another writer got in between; the caller then takes the
 * locked path.
 */
export const writeBatchOptimistic = async (sql: Sql, units: readonly AppendUnit[]): Promise<BatchOutcome> => {
  const plan = planBatch(units, await readState(sql, units));
  const { base, recordedAt } = plan.staged.length > 0 ? await writePlanned(sql, plan) : await headOf(sql);
  return outcomesOf(plan, base, recordedAt);
};

/** The locked path, in the caller's transaction: take the head lock first, then read, plan and write. */
export const writeBatchLocked = async (tx: Sql, units: readonly AppendUnit[]): Promise<BatchOutcome> => {
  await tx.query('SELECT position FROM ll_head WHERE id = 1 FOR UPDATE');
  const plan = planBatch(units, await readState(tx, units));
  const { base, recordedAt } = plan.staged.length > 0 ? await writePlanned(tx, plan) : await headOf(tx);
  return outcomesOf(plan, base, recordedAt);
};

/** true for PostgreSQL's unique_violation: a concurrent writer took a version or an event id first. */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === '23505';
