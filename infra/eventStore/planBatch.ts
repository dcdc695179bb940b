import {
  ConcurrencyError,
  EventIdConflictError,
  type AppendRequest,
  type AppendResult,
  type ExpectedVersion,
  type RecordedEvent,
} from '../../commands/eventStore.js';
import { canonicalJson, toRecordedEvent, type EventRow } from './sqlRows.js';

/** One caller's append (or appendMany): it succeeds or fails as a whole, whatever its batch-mates do. */
export type AppendUnit = Readonly<{
  requests: readonly AppendRequest[];
  resolve: (results: readonly AppendResult[]) => void;
  reject: (error: unknown) => void;
}>;

/** What the store holds of a batch's streams and event ids when the batch is planned. */
export type StoreState = Readonly<{ existing: ReadonlyMap<string, EventRow>; versions: ReadonlyMap<string, number> }>;

/** An event to insert: its place in the batch (1-based; position = head + ordinal) and its stream version. */
export type StagedEvent = Readonly<{ ordinal: number; version: number; request: AppendRequest; index: number }>;

type Planned = AppendResult | readonly StagedEvent[];

export type UnitPlan =
  | Readonly<{ unit: AppendUnit; kind: 'ok'; planned: readonly Planned[] }>
  | Readonly<{ unit: AppendUnit; kind: 'error'; error: Error }>
  /** Shares an event id with an earlier unit of the batch: retried in the next batch, where it is idempotent. */
  | Readonly<{ unit: AppendUnit; kind: 'deferred' }>;

export type BatchPlan = Readonly<{ plans: readonly UnitPlan[]; staged: readonly StagedEvent[]; versions: ReadonlyMap<string, number> }>;

const versionMatches = (expected: ExpectedVersion, actual: number): boolean =>
  expected === 'any' || (expected === 'no_stream' ? actual === 0 : expected === 'stream_exists' ? actual > 0 : expected === actual);

const sameContent = (row: EventRow, request: AppendRequest, index: number): boolean => {
  const event = request.events[index]!;
  return row.stream_id === request.streamId && row.type === event.type && canonicalJson(row.data) === canonicalJson(event.data);
};

/** All events already stored with the same content: the append succeeded before, return what it wrote. */
const replayed = (request: AppendRequest, existing: StoreState['existing']): AppendResult | 'new' => {
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
 * Decides, in memory, what a batch writes: idempotent replays, version checks per unit (a unit that
 * fails is left out, the others go on), and the versions and order of the new events.
 */
export const planBatch = (units: readonly AppendUnit[], state: StoreState): BatchPlan => {
  const versions = new Map(state.versions);
  const claimed = new Set<string>();
  const staged: StagedEvent[] = [];
  const plans = units.map((unit): UnitPlan => {
    const ids = unit.requests.flatMap((request) => request.events.map((event) => event.eventId));
    if (ids.some((id) => claimed.has(id))) return { unit, kind: 'deferred' };
    const overlay = new Map<string, number>();
    const mine: StagedEvent[] = [];
    try {
      const planned = unit.requests.map((request): Planned => {
        const done = replayed(request, state.existing);
        if (done !== 'new') return done;
        const actual = overlay.get(request.streamId) ?? versions.get(request.streamId) ?? 0;
        if (!versionMatches(request.expectedVersion, actual)) throw new ConcurrencyError(request.streamId, request.expectedVersion, actual);
        const events = request.events.map((_, index) => ({ ordinal: staged.length + mine.length + index + 1, version: actual + index + 1, request, index }));
        overlay.set(request.streamId, actual + request.events.length);
        mine.push(...events);
        return events;
      });
      for (const [streamId, version] of overlay) versions.set(streamId, version);
      for (const id of ids) claimed.add(id);
      staged.push(...mine);
      return { unit, kind: 'ok', planned };
    } catch (error) {
      return { unit, kind: 'error', error: error as Error };
    }
  });
  return { plans, staged, versions };
};

/** The results of a planned unit once its events have positions (head before the batch + ordinal). */
export const unitResults = (planned: readonly Planned[], requests: readonly AppendRequest[], base: number, recordedAt: string, versions: ReadonlyMap<string, number>): AppendResult[] =>
  planned.map((result, i) => {
    if (!Array.isArray(result)) return result as AppendResult;
    const request = requests[i]!;
    const events = (result as readonly StagedEvent[]).map(({ ordinal, version, index }): RecordedEvent => {
      const event = request.events[index]!;
      return {
        eventId: event.eventId,
        type: event.type,
        streamId: request.streamId,
        version,
        position: base + ordinal,
        recordedAt,
        data: JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>,
        metadata: event.metadata,
      };
    });
    const last = events.at(-1);
    return { streamId: request.streamId, version: last?.version ?? versions.get(request.streamId) ?? 0, position: last?.position ?? base, events };
  });
