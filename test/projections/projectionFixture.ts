import type { EventStore, NewEvent, RecordedEvent } from '../../commands/eventStore.js';
import type { Log } from '../../commands/log.js';
import type { Sql } from '../../infra/db/db.js';
import { positionFromRow } from '../../projections/positionRow.js';
import { tradeFromRow } from '../../projections/tradeRow.js';

/** Appends each event to its trade's stream (or a document stream), in order. Returns the last position. */
export const appendAll = async (store: EventStore, events: readonly NewEvent[]): Promise<number> => {
  let position = 0;
  for (const event of events) {
    const tradeId = event.data['tradeId'];
    const streamId = typeof tradeId === 'string' ? `trade-${tradeId}` : `document-${event.eventId}`;
    ({ position } = await store.append(streamId, [event], { expectedVersion: 'any' }));
  }
  return position;
};

/** Appends all events in one transaction (appendMany, one request per stream). Returns the last position. */
export const appendAtOnce = async (store: EventStore, events: readonly NewEvent[]): Promise<number> => {
  const streams = new Map<string, NewEvent[]>();
  for (const event of events) {
    const tradeId = event.data['tradeId'];
    const streamId = typeof tradeId === 'string' ? `trade-${tradeId}` : `document-${event.eventId}`;
    streams.set(streamId, [...(streams.get(streamId) ?? []), event]);
  }
  const results = await store.appendMany([...streams].map(([streamId, streamEvents]) => ({ streamId, events: streamEvents, expectedVersion: 'any' as const })));
  return Math.max(...results.map((result) => result.position));
};

export const readWholeLog = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (let after = 0; ;) {
    const page = await store.readAll({ after, limit: 1000 });
    events.push(...page);
    if (page.length < 1000) return events;
    after = page.at(-1)!.position;
  }
};

export const tradeTable = async (sql: Sql) =>
  (await sql.query('SELECT * FROM trades ORDER BY tenant, id')).rows.map(tradeFromRow);

export const positionTable = async (sql: Sql) =>
  (await sql.query('SELECT * FROM positions ORDER BY tenant, account_id, instrument')).rows.map(positionFromRow);

export const checkpointOf = async (sql: Sql, name: string): Promise<number | null> => {
  const { rows } = await sql.query<{ position: string }>('SELECT position FROM ll_checkpoints WHERE name = $1', [name]);
  return rows[0] === undefined ? null : Number(rows[0].position);
};

/** A Log that keeps what was logged at error level. */
export const recordingLog = (): { log: Log; errors: object[] } => {
  const errors: object[] = [];
  const ignore = () => undefined;
  const log: Log = { debug: ignore, info: ignore, warn: ignore, error: (bindings) => void errors.push(bindings), child: () => log };
  return { log, errors };
};

export const eventually = async (condition: () => boolean | Promise<boolean>, { timeoutMs = 5000, what = 'condition' } = {}): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

export const sortByKey = <T extends { tenant: string }>(views: Iterable<T>, key: (view: T) => string): T[] =>
  [...views].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
