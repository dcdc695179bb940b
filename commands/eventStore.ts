/**
 * The event store port. Adapters live in infra/eventStore and all pass test/infra/eventStore conformance.
 *
 * Versions are 1-based: a stream's version is the number of events in it, its first event has version 1,
 * and `no_stream` is version 0. Positions are global, strictly increasing in commit order, starting at 1.
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

export type EventMetadata = Readonly<{
  tenant: string;
  actor: string;
  correlationId: string;
  causationId: string | null;
  traceparent: string | null;
  schemaVersion: number;
}>;

export type NewEvent = Readonly<{
  eventId: string;
  type: string;
  data: Readonly<Record<string, unknown>>;
  metadata: EventMetadata;
}>;

export type RecordedEvent = Readonly<{
  eventId: string;
  type: string;
  streamId: string;
  version: number;
  position: number;
  recordedAt: string;
  data: Readonly<Record<string, unknown>>;
  metadata: EventMetadata;
}>;

export type AppendRequest = Readonly<{
  streamId: string;
  events: readonly NewEvent[];
  expectedVersion: ExpectedVersion;
}>;

export type AppendResult = Readonly<{
  streamId: string;
  /** The stream's version after the append (its next expected version). */
  version: number;
  /** The global position of the last event appended (or of the existing event, when idempotent). */
  position: number;
  events: readonly RecordedEvent[];
}>;

export type EventFilter = Readonly<{
  types?: readonly string[];
  /** Stream categories: the part of the stream id before the first '-'. */
  categories?: readonly string[];
  tenant?: string;
}>;

export type ReadAllOptions = Readonly<{ after?: number; limit?: number; filter?: EventFilter }>;
export type SubscribeOptions = Readonly<{ after?: number; filter?: EventFilter; batchSize?: number; signal?: AbortSignal }>;

export interface EventStore {
  /** Appends to one stream. Throws ConcurrencyError or EventIdConflictError. */
  append(streamId: string, events: readonly NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult>;
  /** Appends to several streams in one transaction: all or nothing. */
  appendMany(requests: readonly AppendRequest[]): Promise<readonly AppendResult[]>;
  /** Events of one stream with versions from `from` (default 1) to `to` (inclusive, default the end). */
  readStream(streamId: string, options?: { from?: number; to?: number }): Promise<readonly RecordedEvent[]>;
  /** Events with a position greater than `after` (default 0), in global order, at most `limit` (default 1000). */
  readAll(options?: ReadAllOptions): Promise<readonly RecordedEvent[]>;
  /**
   * Like readAll, and also the head of the log as of the read, in one step: the events returned are at
   * or below `head`, and when fewer than `limit` come back, every matching event up to `head` was read
   * (so a filtered reader may move its position to `head`).
   */
  readPage(options?: ReadAllOptions): Promise<Readonly<{ events: readonly RecordedEvent[]; head: number }>>;
  /** The position of the last committed event (0 for an empty store). */
  headPosition(): Promise<number>;
  /** Catch-up then live, as one async iterator; ends when `signal` aborts. */
  subscribe(options?: SubscribeOptions): AsyncIterable<RecordedEvent>;
  /** Resolves once an event past `after` may have been committed, or on timeout / abort. Never rejects. */
  waitForAppend(after: number, options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<void>;
  close(): Promise<void>;
}

export class ConcurrencyError extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: number,
  ) {
    super(`Stream ${streamId}: expected version ${String(expectedVersion)}, actual version ${actualVersion}`);
    this.name = 'ConcurrencyError';
  }
}

export class EventIdConflictError extends Error {
  readonly code = 'EVENT_ID_CONFLICT';
  constructor(readonly eventId: string) {
    super(`Event id ${eventId} was already appended with other content`);
    this.name = 'EventIdConflictError';
  }
}

/** `trade-0193…` → `trade`. */
export const streamCategory = (streamId: string): string => {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
};
