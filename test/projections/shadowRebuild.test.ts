import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { EventStore, RecordedEvent } from '../../commands/eventStore.js';
import type { Sql } from '../../infra/db/db.js';
import { createPostgresEventStore } from '../../infra/eventStore/postgresEventStore.js';
import { createInProcessChangeFeed } from '../../projections/changeFeed.js';
import type { Projection } from '../../projections/projection.js';
import { createProjectionRuntime } from '../../projections/runtime.js';
import { createTestDb, type TestDb } from '../support/testDb.js';
import { eventually } from './projectionFixture.js';

/** A toy read model: the sum of the amounts per account, times a factor that each version changes. */
const totals = (version: number, factor: number): Projection => ({
  name: 'toy',
  version,
  eventTypes: ['ToyCounted'],
  tables: ['toy_totals'],
  apply: async (tx: Sql, events: readonly RecordedEvent[]) => {
    for (const event of events) {
      await tx.query(
        `INSERT INTO toy_totals (account, total) VALUES ($1, $2) ON CONFLICT (account) DO UPDATE SET total = toy_totals.total + excluded.total`,
        [event.data['account'], Number(event.data['amount']) * factor],
      );
    }
    return [];
  },
  reset: async (tx) => void (await tx.query('DELETE FROM toy_totals')),
});

/**
 * Lets the runtime read one page of the log, then holds its next reads until `open()`, so the test can
 * look at the tables between two batches of a rebuild (outside any transaction: PGlite has one connection).
 */
const createGate = () => {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => { open = resolve; });
  let batches = 0;
  return { open, batches: () => batches, wait: async () => { batches += 1; if (batches > 1) await opened; } };
};

describe('a projection version bump: rebuilt beside the serving tables, then swapped in', () => {
  let db: TestDb;
  let store: EventStore;
  const runtime = (projection: Projection, gate?: () => Promise<void>) => {
    const reads: EventStore = gate === undefined ? store : { ...store, readPage: async (options) => { await gate(); return store.readPage(options); } };
    return createProjectionRuntime({ db, store: reads, feed: createInProcessChangeFeed(), projections: [projection], batchSize: 10, idleWaitMs: 50 });
  };
  const count = async (amounts: readonly [string, number][]) => {
    for (const [account, amount] of amounts) await store.append(`toy-${randomUUID()}`, [{ eventId: randomUUID(), type: 'ToyCounted', data: { account, amount }, metadata: { tenant: 't', actor: 'test', correlationId: 'c', causationId: null, traceparent: null, schemaVersion: 1 } }], { expectedVersion: 'any' });
    return store.headPosition();
  };
  const table = async () => Object.fromEntries((await db.query<{ account: string; total: string }>('SELECT account, total FROM toy_totals ORDER BY account')).rows.map((r) => [r.account, Number(r.total)]));
  const checkpoint = async (name: string) => (await db.query<{ version: number; position: string }>('SELECT version, position FROM ll_checkpoints WHERE name = $1', [name])).rows[0];
  const schemaExists = async () => (await db.query(`SELECT 1 FROM information_schema.schemata WHERE schema_name = 'll_shadow_toy'`)).rows.length > 0;
  const indexNames = async () => (await db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'toy_totals' AND schemaname = current_schema() ORDER BY indexname`)).rows.map((r) => r.indexname);
  const amounts: [string, number][] = Array.from({ length: 60 }, (_, i) => [i % 2 === 0 ? 'a' : 'b', 1 + (i % 3)]);
  const sumOf = (account: string) => amounts.filter(([name]) => name === account).reduce((sum, [, amount]) => sum + amount, 0);

  before(async () => {
    db = await createTestDb('projections_shadow_rebuild');
    store = createPostgresEventStore(db);
    await db.query('CREATE TABLE toy_totals (account text PRIMARY KEY, total numeric NOT NULL)');
    await db.query('CREATE INDEX toy_totals_by_total ON toy_totals (total)');
    const head = await count(amounts);
    const v1 = runtime(totals(1, 1));
    await v1.start();
    await v1.waitFor(head, { timeoutMs: 10_000 });
    await v1.stop();
  });
  after(async () => {
    await store.close();
    await db.close();
  });

  it('serves the old version, complete, while the new one is built, then swaps it in with the old index names', async () => {
    assert.deepEqual(await table(), { a: sumOf('a'), b: sumOf('b') });
    const gate = createGate();
    const v2 = runtime(totals(2, 10), gate.wait);
    await v2.start();
    try {
      await eventually(() => gate.batches() >= 2, { what: 'the rebuild waiting before its second batch' });
      assert.deepEqual(await table(), { a: sumOf('a'), b: sumOf('b') }, 'the old version still serves, all of it');
      assert.equal((await checkpoint('toy'))?.version, 1);
      assert.equal(Number((await checkpoint('shadow:toy'))?.position) > 0, true, 'the first batch is in the shadow');
      assert.equal(await schemaExists(), true);
      gate.open();
      await eventually(async () => (await checkpoint('toy'))?.version === 2, { what: 'the swap', timeoutMs: 10_000 });
      assert.deepEqual(await table(), { a: 10 * sumOf('a'), b: 10 * sumOf('b') });
      assert.deepEqual(await indexNames(), ['toy_totals_by_total', 'toy_totals_pkey']);
      assert.deepEqual([await schemaExists(), await checkpoint('shadow:toy')], [false, undefined]);
      const head = await count([['a', 5]]);
      await v2.waitFor(head, { timeoutMs: 10_000 });
      assert.equal((await table())['a'], 10 * (sumOf('a') + 5), 'then it projects as usual');
    } finally {
      gate.open();
      await v2.stop();
    }
  });

  it('resumes a rebuild that was stopped midway, applying each event once', async () => {
    const gate = createGate();
    const stopped = runtime(totals(3, 100), gate.wait);
    await stopped.start();
    await eventually(() => gate.batches() >= 2, { what: 'the rebuild waiting before its second batch' });
    const stopping = stopped.stop();
    gate.open(); // the read in flight finishes, its batch is applied, and the runtime stops before the next
    await stopping;
    const builtUpTo = Number((await checkpoint('shadow:toy'))?.position);
    assert.ok(builtUpTo > 0 && (await checkpoint('toy'))?.version === 2, 'stopped midway, the old version serving');
    const resumed = runtime(totals(3, 100));
    await resumed.start();
    try {
      await eventually(async () => (await checkpoint('toy'))?.version === 3, { what: 'the swap', timeoutMs: 10_000 });
      assert.deepEqual(await table(), { a: 100 * (sumOf('a') + 5), b: 100 * sumOf('b') });
    } finally {
      await resumed.stop();
    }
  });

  it('refuses to start the old version once the new one is in place', async () => {
    await assert.rejects(runtime(totals(2, 10)).start(), /the read model is at version 3, this code has version 2/);
  });
});
