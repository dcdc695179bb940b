import {
  ConcurrencyError,
  EventIdConflictError,
  streamCategory,
  type AppendRequest,
  type AppendResult,
  type ExpectedVersion,
  type RecordedEvent,
} from '../../commands/eventStore.js';
import type { Sql } from '../db/db.js';
import { appendChannel } from './headSignal.js';
import { canonicalJson, eventColumns, toRecordedEvent, type EventRow } from './sqlRows.js';

/** One caller's append (or appendMany): it succeeds or fails as a whole, whatever its batch-mates do. */
export type AppendUnit = Readonly<{
  requests: readonly AppendRequest[];
  resolve: (results: readonly AppendResult[]) => void;
  reject: (error: unknown) => void;
}>;

export type UnitOutcome =
  | Readonly<{ unit: AppendUnit; kind: 'ok'; results: readonly AppendResult[] }>
  | Readonly<{ unit: AppendUnit; kind: 'error'; error: Error }>
  /** Shares an event id with an earlier unit of the batch: retried in the next batch, where it is idempotent. */
  | Readonly<{ unit: AppendUnit; kind: 'deferred' }>;

type Staged = { position: number; version: number; request: AppendRequest; index: number };

const versionMatches = (expected: ExpectedVersion, actual: number): boolean =>
  expected === 'any' || (expected === 'no_stream' ? actual === 0 : expected === 'stream_exists' ? actual > 0 : expected === actual);

const sameContent = (row: EventRow, request: AppendRequest, index: number): boolean => {
  const event = request.events[index]!;
  return row.stream_id === request.streamId && row.type === event.type && canonicalJson(row.data) === canonicalJson(event.data);
};

/** All events already stored with the same content: the append succeeded before, return what it wrote. */
const replayed = (request: AppendRequest, existing: ReadonlyMap<string, EventRow>): AppendResult | 'new' => {
  const found = request.events.filter((event) => existing.has(event.eventId));
  if (found.length === 0) return 'new';
  const conflicting = request.events.find((event, index) => {
    const row = existing.get(event.eventId);
    return row === undefined || !sameContent(row, request, index);
  });
  if (conflicting) throw new EventIdConflictError(existing.has(conflicting.eventId) ? conflicting.eventId : found[0]!.eventId);
  const events = request.events.map((event) => toRecordedEvent(existing.get(event.eventId)!));
  const last = events.reduce((a, b) => (b.version > a.version ? b : a));
  return { streamId: request.streamId, version: last.version, position: last.position, events };
};

/**
 * Writes a batch of append units in the caller's transaction. The lock on ll_head serialises every
 * writer of the database, so the positions handed out here follow commit order and no reader can see
 * a later position before an earlier one. Version checks run in memory per unit: a conflicting unit is
 * left out of the batch, and the others go on.
 */
export const writeBatch = async (tx: Sql, units: readonly AppendUnit[]): Promise<{ outcomes: UnitOutcome[]; head: number }> => {
  const { rows: [lock] } = await tx.query<{ position: string; now: Date }>('SELECT position, clock_timestamp() AS now FROM ll_head WHERE id = 1 FOR UPDATE');
  let head = Number(lock!.position);
  const recordedAt = new Date(lock!.now).toISOString();
  const requests = units.flatMap((unit) => unit.requests);
  const ids = requests.flatMap((request) => request.events.map((event) => event.eventId));
  const streamIds = [...new Set(requests.map((request) => request.streamId))];
  const { existing, versions } = await readState(tx, ids, streamIds);
  const claimed = new Set<string>();
  const staged: Staged[] = [];
  const plans: Array<{ unit: AppendUnit; kind: 'deferred' } | { unit: AppendUnit; kind: 'error'; error: Error } | { unit: AppendUnit; kind: 'ok'; results: Array<AppendResult | Staged[]> }> = [];

  for (const unit of units) {
    const unitIds = unit.requests.flatMap((request) => request.events.map((event) => event.eventId));
    if (unitIds.some((id) => claimed.has(id))) {
      plans.push({ unit, kind: 'deferred' });
      continue;
    }
    const overlay = new Map<string, number>();
    const unitStaged: Staged[] = [];
    try {
      const results = unit.requests.map((request): AppendResult | Staged[] => {
        const done = replayed(request, existing);
        if (done !== 'new') return done;
        const actual = overlay.get(request.streamId) ?? versions.get(request.streamId) ?? 0;
        if (!versionMatches(request.expectedVersion, actual)) throw new ConcurrencyError(request.streamId, request.expectedVersion, actual);
        const mine = request.events.map((_, index) => ({ position: 0, version: actual + index + 1, request, index }));
        overlay.set(request.streamId, actual + request.events.length);
        unitStaged.push(...mine);
        return mine;
      });
      for (const [streamId, version] of overlay) versions.set(streamId, version);
      for (const id of unitIds) claimed.add(id);
      for (const item of unitStaged) item.position = ++head;
      staged.push(...unitStaged);
      plans.push({ unit, kind: 'ok', results });
    } catch (error) {
      plans.push({ unit, kind: 'error', error: error as Error });
    }
  }

  if (staged.length > 0) await insertStaged(tx, staged, recordedAt, versions, head);
  const outcomes = plans.map((plan): UnitOutcome => {
    if (plan.kind !== 'ok') return plan;
    const results = plan.results.map((result, i) => (Array.isArray(result) ? toResult(plan.unit.requests[i]!, result, recordedAt, versions, head) : result));
    return { unit: plan.unit, kind: 'ok', results };
  });
  return { outcomes, head };
};

const toResult = (request: AppendRequest, staged: readonly Staged[], recordedAt: string, versions: ReadonlyMap<string, number>, head: number): AppendResult => {
  const events = staged.map(({ position, version, index }): RecordedEvent => {
    const event = request.events[index]!;
    return {
      eventId: event.eventId,
      type: event.type,
      streamId: request.streamId,
      version,
      position,
      recordedAt,
      data: JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>,
      metadata: event.metadata,
    };
  });
  const last = events.at(-1);
  return { streamId: request.streamId, version: last?.version ?? versions.get(request.streamId) ?? 0, position: last?.position ?? head, events };
};

/** What the batch needs to know, in one round trip: the events already stored under its ids, and its streams' versions. */
const readState = async (tx: Sql, ids: readonly string[], streamIds: readonly string[]) => {
  const { rows: [state] } = await tx.query<{ events: EventRow[]; streams: Array<{ stream_id: string; version: number }> }>(
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

/** Inserts the events, moves their streams' versions and the head, and notifies listeners: one statement. */
const insertStaged = async (tx: Sql, staged: readonly Staged[], recordedAt: string, versions: ReadonlyMap<string, number>, head: number): Promise<void> => {
  const column = <T,>(pick: (item: Staged) => T): T[] => staged.map(pick);
  const eventOf = (item: Staged) => item.request.events[item.index]!;
  const touched = [...new Set(staged.map((item) => item.request.streamId))];
  await tx.query(
    `WITH inserted AS (
       INSERT INTO ll_events (position, event_id, stream_id, version, type, category, tenant, data, metadata, recorded_at)
       SELECT p, e, s, v, t, c, tn, d::jsonb, m::jsonb, $10::timestamptz
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) AS x(p, e, s, v, t, c, tn, d, m)
     ), streams AS (
       INSERT INTO ll_streams (stream_id, version, updated_at)
       SELECT s, v, $10::timestamptz FROM unnest($11::text[], $12::bigint[]) AS x(s, v)
       ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
     ), head AS (
       UPDATE ll_head SET position = $13 WHERE id = 1 RETURNING position
     )
     SELECT pg_notify('${appendChannel}', position::text) FROM head`,
    [
      column((item) => item.position),
      column((item) => eventOf(item).eventId),
      column((item) => item.request.streamId),
      column((item) => item.version),
      column((item) => eventOf(item).type),
      column((item) => streamCategory(item.request.streamId)),
      column((item) => eventOf(item).metadata.tenant),
      column((item) => JSON.stringify(eventOf(item).data)),
      column((item) => JSON.stringify(eventOf(item).metadata)),
      recordedAt,
      touched,
      touched.map((id) => versions.get(id)!),
      head,
    ],
  );
};
