import type { AppendRequest, AppendResult, EventFilter, EventStore, RecordedEvent, SubscribeOptions } from '../../commands/eventStore.js';
import { silentLog, type Log } from '../../commands/log.js';
import type { Db } from '../db/db.js';
import { createAppendRanges } from './appendRanges.js';
import { createHeadSignal } from './headSignal.js';
import { eventColumns, toRecordedEvent, type EventRow } from './sqlRows.js';
import { validateAppend } from './validateAppend.js';
import { isUniqueViolation, writeBatchLocked, writeBatchOptimistic, type AppendUnit, type BatchOutcome } from './writeBatch.js';

export type PostgresEventStoreOptions = Readonly<{ log?: Log; maxBatchEvents?: number }>;

const defaultReadLimit = 1000;

const filterSql = (filter: EventFilter | undefined, params: unknown[]): string => {
  const clauses: string[] = [];
  if (filter?.types) clauses.push(`type = ANY($${params.push(filter.types)}::text[])`);
  if (filter?.categories) clauses.push(`category = ANY($${params.push(filter.categories)}::text[])`);
  if (filter?.tenant !== undefined) clauses.push(`tenant = $${params.push(filter.tenant)}`);
  return clauses.map((clause) => ` AND ${clause}`).join('');
};

/**
 * The event store on PostgreSQL or PGlite (the same SQL). Appends go through one writer per process that
 * group-commits whatever queued up while the previous batch was in flight; across processes the ll_head
 * row lock takes turns.
 */
export const createPostgresEventStore = (db: Db, { log = silentLog, maxBatchEvents = 5000 }: PostgresEventStoreOptions = {}): EventStore => {
  const signal = createHeadSignal({ db, log });
  const ranges = createAppendRanges();
  const queue: AppendUnit[] = [];
  let writing: Promise<void> | null = null;

  const takeBatch = (): AppendUnit[] => {
    let events = 0;
    let count = 0;
    while (count < queue.length && (count === 0 || events + queue[count]!.requests.reduce((n, r) => n + r.events.length, 0) <= maxBatchEvents)) {
      events += queue[count]!.requests.reduce((n, r) => n + r.events.length, 0);
      count++;
    }
    return queue.splice(0, count);
  };

  /** Optimistic first; when another process wrote to one of the batch's streams meanwhile, under the lock. */
  const write = async (units: readonly AppendUnit[]): Promise<BatchOutcome> => {
    try {
      return await writeBatchOptimistic(db, units);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return db.transaction((tx) => writeBatchLocked(tx, units));
    }
  };

  const runBatch = async (units: readonly AppendUnit[]): Promise<void> => {
    let result;
    try {
      result = await write(units);
    } catch (error) {
      if (units.length === 1) return units[0]!.reject(error);
      log.warn({ err: error, units: units.length }, 'append batch failed; retrying its units one by one');
      for (const unit of units) await runBatch([unit]);
      return;
    }
    ranges.record({ after: result.appendedAfter, upTo: result.head, types: result.appendedTypes });
    signal.advance(result.head);
    const deferred: AppendUnit[] = [];
    for (const outcome of result.outcomes) {
      if (outcome.kind === 'ok') outcome.unit.resolve(outcome.results);
      else if (outcome.kind === 'error') outcome.unit.reject(outcome.error);
      else deferred.push(outcome.unit);
    }
    queue.unshift(...deferred);
  };

  const drain = async (): Promise<void> => {
    // Let the callers whose appends just settled queue their next ones, so that they share the next batch.
    const gather = () => new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      await runBatch(takeBatch());
      await gather();
    }
    writing = null;
  };

  const enqueue = (requests: readonly AppendRequest[]): Promise<readonly AppendResult[]> =>
    new Promise((resolve, reject) => {
      try {
        requests.forEach(validateAppend);
      } catch (error) {
        return reject(error);
      }
      queue.push({ requests, resolve, reject });
      writing ??= drain();
    });

  const readAll = async ({ after = 0, limit = defaultReadLimit, filter }: { after?: number; limit?: number; filter?: EventFilter } = {}) => {
    const params: unknown[] = [after];
    const where = filterSql(filter, params);
    const { rows } = await db.query<EventRow>(
      `SELECT ${eventColumns} FROM ll_events WHERE position > $1${where} ORDER BY position LIMIT $${params.push(limit)}`,
      params,
    );
    return rows.map(toRecordedEvent);
  };

  const readPage = async ({ after = 0, limit = defaultReadLimit, filter }: { after?: number; limit?: number; filter?: EventFilter } = {}) => {
    // When this process wrote everything after `after` itself, and none of it is of the filter's types,
    // there is nothing to read: the answer needs no query (most readers care for few types).
    const head = signal.head();
    if (filter?.types && filter.categories === undefined && filter.tenant === undefined && head > after && ranges.quietUpTo(after, filter.types) >= head) {
      return { events: [], head };
    }
    const params: unknown[] = [after];
    const where = filterSql(filter, params);
    // One snapshot for both: ll_head moves in the transaction that inserts, so every event up to it is visible.
    const { rows } = await db.query<EventRow & { head: string }>(
      `SELECT h.position AS head, e.* FROM ll_head h LEFT JOIN LATERAL (
         SELECT ${eventColumns} FROM ll_events WHERE position > $1 AND position <= h.position${where} ORDER BY position LIMIT $${params.push(limit)}
       ) e ON true WHERE h.id = 1`,
      params,
    );
    const readHead = Number(rows[0]?.head ?? 0);
    signal.advance(readHead);
    return { events: rows.filter((row) => row.event_id !== null).map(toRecordedEvent), head: readHead };
  };

  const headPosition = async (): Promise<number> => {
    const { rows } = await db.query<{ position: string }>('SELECT position FROM ll_head WHERE id = 1');
    const head = Number(rows[0]?.position ?? 0);
    signal.advance(head);
    return head;
  };

  async function* subscribe({ after = 0, filter, batchSize = defaultReadLimit, signal: abort }: SubscribeOptions = {}): AsyncGenerator<RecordedEvent> {
    let position = after;
    while (!abort?.aborted) {
      const { events: batch, head } = await readPage({ after: position, limit: batchSize, ...(filter ? { filter } : {}) });
      for (const event of batch) {
        if (abort?.aborted) return;
        yield event;
        position = event.position;
      }
      if (batch.length < batchSize) {
        // The page holds every matching event up to `head`.
        position = Math.max(position, head);
        await signal.wait(position, abort ? { signal: abort } : {});
      }
    }
  }

  return {
    append: async (streamId, events, { expectedVersion }) => (await enqueue([{ streamId, events, expectedVersion }]))[0]!,
    appendMany: (requests) => (requests.length === 0 ? Promise.resolve([]) : enqueue(requests)),
    readStream: async (streamId, { from = 1, to = Number.MAX_SAFE_INTEGER } = {}) => {
      const { rows } = await db.query<EventRow>(
        `SELECT ${eventColumns} FROM ll_events WHERE stream_id = $1 AND version BETWEEN $2 AND $3 ORDER BY version`,
        [streamId, from, to],
      );
      return rows.map(toRecordedEvent);
    },
    readAll,
    readPage,
    headPosition,
    subscribe: (options) => subscribe(options),
    waitForAppend: (after, options) => signal.wait(after, options),
    close: async () => {
      await writing;
      await signal.close();
    },
  };
};
