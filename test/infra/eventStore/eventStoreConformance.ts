import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { ConcurrencyError, EventIdConflictError, type EventMetadata, type EventStore, type NewEvent, type RecordedEvent } from '../../../commands/eventStore.js';

/** The behaviour every EventStore adapter must have. `open` gives a store over an empty log. */
export const eventStoreConformance = (name: string, open: () => Promise<{ store: EventStore; close: () => Promise<void> }>) =>
  describe(`event store conformance: ${name}`, () => {
    const metadata = (overrides: Partial<EventMetadata> = {}): EventMetadata => ({
      tenant: 'acme',
      actor: 'user-1',
      correlationId: randomUUID(),
      causationId: null,
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      schemaVersion: 1,
      ...overrides,
    });
    const event = (type: string, data: Record<string, unknown> = {}, overrides: Partial<EventMetadata> = {}): NewEvent => ({
      eventId: randomUUID(),
      type,
      data,
      metadata: metadata(overrides),
    });
    const withStore = (test: (store: EventStore) => Promise<void>) => async () => {
      const { store, close } = await open();
      try {
        await test(store);
      } finally {
        await close();
      }
    };
    const stream = (category = 'trade') => `${category}-${randomUUID()}`;

    it('appends to a new stream with versions from 1 and increasing global positions, keeping every metadata field', withStore(async (store) => {
      const id = stream();
      const first = event('TradePlaced', { quantityMwh: 10, limitPrice: -12.5 }, { causationId: 'cmd-1' });
      const result = await store.append(id, [first, event('TradeFilled', { n: 1 })], { expectedVersion: 'no_stream' });
      assert.equal(result.version, 2);
      assert.deepEqual(result.events.map((e) => e.version), [1, 2]);
      assert.equal(result.events[1]!.position, result.events[0]!.position + 1);
      assert.equal(result.position, result.events[1]!.position);
      const read = await store.readStream(id);
      assert.deepEqual(read, result.events);
      const stored = read[0]!;
      assert.equal(stored.eventId, first.eventId);
      assert.equal(stored.streamId, id);
      assert.deepEqual(stored.data, { quantityMwh: 10, limitPrice: -12.5 });
      assert.deepEqual(stored.metadata, first.metadata);
      assert.ok(!Number.isNaN(Date.parse(stored.recordedAt)));
      assert.equal(await store.headPosition(), result.position);
    }));

    it('checks the expected version: exact, no_stream, stream_exists and any, with the actual version in the error', withStore(async (store) => {
      const id = stream();
      await assert.rejects(store.append(id, [event('A')], { expectedVersion: 'stream_exists' }), (error: unknown) => error instanceof ConcurrencyError && error.actualVersion === 0 && error.code === 'CONCURRENCY_CONFLICT');
      await store.append(id, [event('A')], { expectedVersion: 'no_stream' });
      await assert.rejects(store.append(id, [event('B')], { expectedVersion: 'no_stream' }), (error: unknown) => error instanceof ConcurrencyError && error.actualVersion === 1);
      await assert.rejects(store.append(id, [event('B')], { expectedVersion: 3 }), (error: unknown) => error instanceof ConcurrencyError && error.actualVersion === 1 && error.expectedVersion === 3 && error.streamId === id);
      assert.equal((await store.append(id, [event('B')], { expectedVersion: 1 })).version, 2);
      assert.equal((await store.append(id, [event('C')], { expectedVersion: 'stream_exists' })).version, 3);
      assert.equal((await store.append(id, [event('D')], { expectedVersion: 'any' })).version, 4);
      assert.deepEqual((await store.readStream(id)).map((e) => e.type), ['A', 'B', 'C', 'D']);
      assert.deepEqual((await store.readStream(id, { from: 2, to: 3 })).map((e) => e.type), ['B', 'C']);
    }));

    it('is idempotent by event id: the same events again return the first result, other content is an error', withStore(async (store) => {
      const id = stream();
      const events = [event('A', { x: 1, nested: { b: 2, a: 1 } }), event('B')];
      const first = await store.append(id, events, { expectedVersion: 'no_stream' });
      const again = await store.append(id, events, { expectedVersion: 'no_stream' });
      assert.deepEqual(again.events.map((e) => [e.eventId, e.position]), first.events.map((e) => [e.eventId, e.position]));
      assert.equal(again.version, 2);
      const reordered = [{ ...events[0]!, data: { nested: { a: 1, b: 2 }, x: 1 } }, events[1]!];
      assert.equal((await store.append(id, reordered, { expectedVersion: 'any' })).position, first.position);
      await assert.rejects(store.append(id, [{ ...events[0]!, data: { x: 2 } }], { expectedVersion: 'any' }), EventIdConflictError);
      await assert.rejects(store.append(stream(), [events[0]!], { expectedVersion: 'any' }), EventIdConflictError);
      await assert.rejects(store.append(id, [events[0]!, event('C')], { expectedVersion: 'any' }), EventIdConflictError);
      assert.equal((await store.readStream(id)).length, 2);
      assert.equal(await store.headPosition(), first.position);
    }));

    it('appends to several streams atomically: one conflict writes nothing', withStore(async (store) => {
      const [a, b] = [stream(), stream('alert')];
      const results = await store.appendMany([
        { streamId: a, events: [event('A1')], expectedVersion: 'no_stream' },
        { streamId: b, events: [event('B1'), event('B2')], expectedVersion: 'no_stream' },
      ]);
      assert.deepEqual(results.map((r) => r.version), [1, 2]);
      const head = await store.headPosition();
      await assert.rejects(
        store.appendMany([
          { streamId: a, events: [event('A2')], expectedVersion: 1 },
          { streamId: b, events: [event('B3')], expectedVersion: 1 },
        ]),
        (error: unknown) => error instanceof ConcurrencyError && error.streamId === b && error.actualVersion === 2,
      );
      assert.equal(await store.headPosition(), head);
      assert.equal((await store.readStream(a)).length, 1);
    }));

    it('group-commits concurrent appends without letting one conflict fail the others', withStore(async (store) => {
      const ids = Array.from({ length: 20 }, () => stream());
      await Promise.all(ids.map((id) => store.append(id, [event('A')], { expectedVersion: 'no_stream' })));
      const outcomes = await Promise.allSettled(ids.map((id, i) => store.append(id, [event('B')], { expectedVersion: i === 7 ? 0 : 1 })));
      assert.deepEqual(outcomes.map((o) => o.status), ids.map((_, i) => (i === 7 ? 'rejected' : 'fulfilled')));
      const rejected = outcomes[7] as PromiseRejectedResult;
      assert.ok(rejected.reason instanceof ConcurrencyError && rejected.reason.actualVersion === 1);
      const positions = (await store.readAll({ limit: 100 })).map((e) => e.position);
      assert.deepEqual(positions, Array.from({ length: 39 }, (_, i) => positions[0]! + i));
    }));

    it('resolves two concurrent appends of the same new event id to one stored event', withStore(async (store) => {
      const id = stream();
      const same = event('A', { v: 1 });
      const [one, two] = await Promise.all([store.append(id, [same], { expectedVersion: 'any' }), store.append(id, [same], { expectedVersion: 'any' })]);
      assert.equal(one.position, two.position);
      assert.equal((await store.readStream(id)).length, 1);
    }));

    it('reads all events in global order with after, limit and filters by type, category and tenant', withStore(async (store) => {
      const trade = stream('trade');
      const alert = stream('alert');
      await store.append(trade, [event('TradePlaced'), event('TradeFilled', {}, { tenant: 'globex' })], { expectedVersion: 'no_stream' });
      await store.append(alert, [event('AlertRaised')], { expectedVersion: 'no_stream' });
      await store.append(trade, [event('TradeCancelled')], { expectedVersion: 2 });
      const all = await store.readAll();
      assert.deepEqual(all.map((e) => e.type), ['TradePlaced', 'TradeFilled', 'AlertRaised', 'TradeCancelled']);
      assert.deepEqual((await store.readAll({ after: all[1]!.position, limit: 1 })).map((e) => e.type), ['AlertRaised']);
      assert.deepEqual((await store.readAll({ filter: { categories: ['alert'] } })).map((e) => e.streamId), [alert]);
      assert.deepEqual((await store.readAll({ filter: { types: ['TradeCancelled', 'TradePlaced'] } })).map((e) => e.type), ['TradePlaced', 'TradeCancelled']);
      assert.deepEqual((await store.readAll({ filter: { tenant: 'globex' } })).map((e) => e.type), ['TradeFilled']);
    }));

    it('reads a page with the head of the log: a short filtered page covers everything up to that head', withStore(async (store) => {
      const empty = await store.readPage();
      assert.deepEqual(empty, { events: [], head: 0 });
      await store.append(stream(), [event('A'), event('B'), event('A')], { expectedVersion: 'no_stream' });
      await store.append(stream(), [event('B')], { expectedVersion: 'no_stream' });
      const page = await store.readPage({ filter: { types: ['A'] } });
      assert.deepEqual(page.events.map((e) => e.position), [1, 3]);
      assert.equal(page.head, 4);
      assert.deepEqual(await store.readPage({ filter: { types: ['Z'] } }), { events: [], head: 4 });
      assert.deepEqual((await store.readPage({ after: 3, filter: { types: ['B'] } })).events.map((e) => e.position), [4]);
      const limited = await store.readPage({ after: 1, limit: 2 });
      assert.deepEqual([limited.events.map((e) => e.type), limited.head], [['B', 'A'], 4]);
    }));

    it('subscribes: catch-up then live in one iterator, resumable from a position, ending on abort', withStore(async (store) => {
      const id = stream();
      await store.append(id, [event('A'), event('B')], { expectedVersion: 'no_stream' });
      const abort = new AbortController();
      const seen: RecordedEvent[] = [];
      const reading = (async () => {
        for await (const e of store.subscribe({ signal: abort.signal, batchSize: 1 })) {
          seen.push(e);
          if (seen.length === 4) abort.abort();
        }
      })();
      await store.append(id, [event('C')], { expectedVersion: 2 });
      await store.append(stream('alert'), [event('D')], { expectedVersion: 'no_stream' });
      await reading;
      assert.deepEqual(seen.map((e) => e.type), ['A', 'B', 'C', 'D']);
      const resumed: string[] = [];
      const again = new AbortController();
      for await (const e of store.subscribe({ after: seen[1]!.position, filter: { types: ['D'] }, signal: again.signal })) {
        resumed.push(e.type);
        again.abort();
      }
      assert.deepEqual(resumed, ['D']);
    }));

    it('rejects malformed appends with an error naming what is wrong, storing nothing', withStore(async (store) => {
      const id = stream();
      await store.append(id, [event('A')], { expectedVersion: 'no_stream' });
      const head = await store.headPosition();
      const bad: Array<[() => Promise<unknown>, RegExp]> = [
        [() => store.append('', [event('A')], { expectedVersion: 'any' }), /streamId/],
        [() => store.append(id, [event('B')], { expectedVersion: -1 }), /expectedVersion/],
        [() => store.append(id, [{ ...event('B'), eventId: '' }], { expectedVersion: 'any' }), /eventId/],
        [() => store.append(id, [{ ...event('B'), type: ' ' }], { expectedVersion: 'any' }), /type/],
        [() => store.append(id, [{ ...event('B'), metadata: { ...metadata(), tenant: '' } }], { expectedVersion: 'any' }), /tenant/],
        [() => { const twice = event('B'); return store.append(id, [twice, twice], { expectedVersion: 'any' }); }, /twice/],
      ];
      for (const [append, message] of bad) await assert.rejects(append(), message);
      assert.equal(await store.headPosition(), head);
      assert.equal((await store.readStream(id)).length, 1);
    }));
  });
