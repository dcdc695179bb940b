import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'node:test';
import type { EventStore, NewEvent, RecordedEvent } from '../../../commands/eventStore.js';
import { connectPostgres } from '../../../infra/db/db.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { createTestDb, skipUnless } from '../../support/testDb.js';

const writers = 8;
const eventsPerWriter = 2000;
const total = writers * eventsPerWriter;

/** Appends `eventsPerWriter` events in transactions of 1 to 40 events spread over a few streams. */
const write = async (store: EventStore, writer: number): Promise<void> => {
  let sequence = 0;
  let round = 0;
  while (sequence < eventsPerWriter) {
    const size = Math.min(eventsPerWriter - sequence, 1 + ((writer * 7 + round * 13) % 40));
    const event = (): NewEvent => ({
      eventId: randomUUID(),
      type: 'TortureTick',
      data: { writer, sequence: sequence++ },
      metadata: { tenant: 'torture', actor: `writer-${writer}`, correlationId: randomUUID(), causationId: null, traceparent: null, schemaVersion: 1 },
    });
    const events = Array.from({ length: size }, event);
    const split = Math.ceil(size / 2);
    if (round % 5 === 4) {
      // A stream every writer appends to: writers in other processes race for its versions.
      await store.append('torture-shared', events, { expectedVersion: 'any' });
    } else if (round % 3 === 0) {
      await store.appendMany([
        { streamId: `torture-${writer}a`, events: events.slice(0, split), expectedVersion: 'any' },
        { streamId: `torture-${writer}b`, events: events.slice(split), expectedVersion: 'any' },
      ]);
    } else {
      await store.append(`torture-${writer}${round % 2 === 0 ? 'a' : 'c'}`, events, { expectedVersion: 'any' });
    }
    round++;
  }
};

const read = async (store: EventStore, { after = 0, until = total, batchSize = 257 } = {}): Promise<RecordedEvent[]> => {
  const seen: RecordedEvent[] = [];
  const abort = new AbortController();
  const timeout = setTimeout(() => abort.abort(), 120_000);
  for await (const event of store.subscribe({ after, batchSize, signal: abort.signal })) {
    seen.push(event);
    if (seen.length === until) abort.abort();
  }
  clearTimeout(timeout);
  return seen;
};

const skip = skipUnless('DATABASE_URL');

it(`orders ${total} events from ${writers} concurrent writers identically for every subscriber, with no gap or duplicate`, { skip, timeout: 300_000 }, async () => {
  const db = await createTestDb('es_torture');
  const url = db.url!;
  // Every writer and reader has its own store and pool, as separate processes would: they meet only in PostgreSQL.
  const open = () => {
    const pool = connectPostgres({ connectionString: url, max: 3 });
    const store = createPostgresEventStore(pool);
    return { store, close: async () => { await store.close(); await pool.close(); } };
  };
  const writerStores = Array.from({ length: writers }, open);
  const readers = [open(), open(), open(), open()];
  try {
    const fromZero = [read(readers[0]!.store, { batchSize: 100 }), read(readers[1]!.store, { batchSize: 997 })];
    const half = read(readers[2]!.store, { until: total / 2, batchSize: 50 });
    const writing = Promise.all(writerStores.map(({ store }, writer) => write(store, writer)));
    const firstHalf = await half;
    const checkpoint = firstHalf.at(-1)!.position;
    const resumed = [...firstHalf, ...(await read(readers[3]!.store, { after: checkpoint, until: total - firstHalf.length }))];
    await writing;
    const subscribers = [...(await Promise.all(fromZero)), resumed];
    const log = await readers[0]!.store.readAll({ limit: total + 1 });

    assert.equal(log.length, total);
    assert.deepEqual(log.map((e) => e.position), Array.from({ length: total }, (_, i) => i + 1));
    assert.equal(new Set(log.map((e) => e.eventId)).size, total);
    const order = log.map((e) => e.eventId).join();
    subscribers.forEach((seen, i) => {
      assert.equal(seen.length, total, `subscriber ${i} saw ${seen.length} events`);
      assert.equal(seen.map((e) => e.eventId).join(), order, `subscriber ${i} saw another order`);
    });
    const shared = await readers[0]!.store.readStream('torture-shared');
    assert.ok(shared.length > 0);
    assert.deepEqual(shared.map((e) => e.version), shared.map((_, i) => i + 1), 'the shared stream has a gap or a duplicate version');
    for (let writer = 0; writer < writers; writer++) {
      const sequences = log.filter((e) => e.data['writer'] === writer).map((e) => e.data['sequence']);
      assert.deepEqual(sequences, Array.from({ length: eventsPerWriter }, (_, i) => i), `writer ${writer}'s events out of order`);
    }
  } finally {
    await Promise.all([...writerStores, ...readers].map(({ close }) => close()));
    await db.close();
  }
});

it('settles exact-version races between stores of separate processes: one winner per version, nothing lost', { skip, timeout: 120_000 }, async () => {
  const db = await createTestDb('es_races');
  const stores = Array.from({ length: 4 }, () => {
    const pool = connectPostgres({ connectionString: db.url!, max: 2 });
    return { store: createPostgresEventStore(pool), pool };
  });
  try {
    const streamId = 'race-1';
    const wins: number[] = [0, 0, 0, 0];
    let conflicts = 0;
    await Promise.all(stores.map(async ({ store }, writer) => {
      while (wins.reduce((a, b) => a + b, 0) < 200) {
        const version = (await store.readStream(streamId)).length;
        try {
          await store.append(streamId, [{ eventId: randomUUID(), type: 'RaceWon', data: { writer, version }, metadata: { tenant: 'race', actor: `w${writer}`, correlationId: randomUUID(), causationId: null, traceparent: null, schemaVersion: 1 } }], { expectedVersion: version === 0 ? 'no_stream' : version });
          wins[writer]!++;
        } catch (error) {
          assert.equal((error as { code?: string }).code, 'CONCURRENCY_CONFLICT');
          conflicts++;
        }
      }
    }));
    const events = await stores[0]!.store.readStream(streamId);
    const total = wins.reduce((a, b) => a + b, 0);
    assert.equal(events.length, total, 'every acknowledged append is stored, and only those');
    events.forEach((event, i) => assert.equal(event.data['version'], i, 'each append landed on the version it expected'));
    assert.ok(conflicts > 0, 'the writers did race');
  } finally {
    for (const { store, pool } of stores) {
      await store.close();
      await pool.close();
    }
    await db.close();
  }
});
