import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EventStore } from '../../commands/eventStore.js';
import { createPostgresEventStore } from '../../infra/eventStore/postgresEventStore.js';
import { createInProcessChangeFeed } from '../../projections/changeFeed.js';
import { listPositions, positionUpdatesAfter } from '../../projections/positionQueries.js';
import { positionsProjection } from '../../projections/positions.js';
import { createProjectionRuntime } from '../../projections/runtime.js';
import { getTrade, listTrades, tradeUpdatesAfter } from '../../projections/tradeQueries.js';
import { tradesProjection } from '../../projections/trades.js';
import { createTestDb, type TestDb } from '../support/testDb.js';
import { appendAll } from './projectionFixture.js';
import { cancelled, filled, placed } from './tradingEvents.js';

describe('read model queries', () => {
  let db: TestDb;
  let store: EventStore;
  const at: Record<string, number> = {};

  before(async () => {
    db = await createTestDb('projections_queries');
    store = createPostgresEventStore(db);
    const runtime = createProjectionRuntime({ db, store, feed: createInProcessChangeFeed(), projections: [tradesProjection, positionsProjection] });
    await runtime.start();
    for (let i = 1; i <= 5; i++) {
      at[`placed-${i}`] = await appendAll(store, [placed({ tradeId: `t${i}`, accountId: i <= 3 ? 'acc-1' : 'acc-2', placedAt: `2025-01-02T10:0${i}:00.000Z` })]);
    }
    at['globex'] = await appendAll(store, [placed({ tradeId: 't1', tenant: 'globex', accountId: 'acc-1' })]);
    at['fill-t2'] = await appendAll(store, [filled({ tradeId: 't2', quantityMwh: 10, price: 30, totalFilledMwh: 10, complete: true })]);
    at['cancel-t3'] = await appendAll(store, [cancelled({ tradeId: 't3' })]);
    at['fill-t4'] = await appendAll(store, [filled({ tradeId: 't4', accountId: 'acc-2', side: 'SELL', quantityMwh: 4, price: 31, totalFilledMwh: 4 })]);
    at['fill-globex'] = await appendAll(store, [filled({ tradeId: 't1', tenant: 'globex', quantityMwh: 1, price: 1, totalFilledMwh: 1 })]);
    await runtime.waitFor(await store.headPosition(), { timeoutMs: 5000 });
    await runtime.stop();
  });
  after(async () => {
    await store.close();
    await db.close();
  });

  it('getTrade finds a trade of the tenant, and not another tenant\'s', async () => {
    assert.equal((await getTrade(db, { tenant: 'acme', id: 't2' }))?.status, 'FILLED');
    assert.equal((await getTrade(db, { tenant: 'globex', id: 't2' })), null);
    assert.equal((await getTrade(db, { tenant: 'globex', id: 't1' }))?.tenant, 'globex');
  });

  it('listTrades pages newest first with an opaque cursor until hasNextPage is false', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    const pages: boolean[] = [];
    do {
      const page = await listTrades(db, { tenant: 'acme', first: 2, after: cursor });
      ids.push(...page.items.map((trade) => trade.id));
      pages.push(page.hasNextPage);
      cursor = page.endCursor;
      if (!page.hasNextPage) break;
    } while (cursor !== null);
    assert.deepEqual(ids, ['t5', 't4', 't3', 't2', 't1']);
    assert.deepEqual(pages, [true, true, false]);
  });

  it('listTrades filters by account and status', async () => {
    assert.deepEqual((await listTrades(db, { tenant: 'acme', accountId: 'acc-2', first: 10 })).items.map((t) => t.id), ['t5', 't4']);
    assert.deepEqual((await listTrades(db, { tenant: 'acme', status: 'CANCELLED', first: 10 })).items.map((t) => t.id), ['t3']);
    assert.deepEqual((await listTrades(db, { tenant: 'acme', accountId: 'acc-1', status: 'OPEN', first: 10 })).items.map((t) => t.id), ['t1']);
    const empty = await listTrades(db, { tenant: 'nobody', first: 10 });
    assert.deepEqual(empty, { items: [], endCursor: null, hasNextPage: false });
  });

  it('listTrades rejects a cursor it did not give with INVALID_CURSOR', async () => {
    await assert.rejects(listTrades(db, { tenant: 'acme', first: 2, after: 'not-a-cursor' }), { code: 'INVALID_CURSOR' });
  });

  it('tradeUpdatesAfter gives every later change of the tenant, in log order, with its position as cursor', async () => {
    const all = await tradeUpdatesAfter(db, { tenant: 'acme', after: 0, limit: 100 });
    assert.deepEqual(all.map((u) => u.cursor), [1, 2, 3, 4, 5].map((i) => at[`placed-${i}`]).concat([at['fill-t2']!, at['cancel-t3']!, at['fill-t4']!]));
    const resumed = await tradeUpdatesAfter(db, { tenant: 'acme', after: at['placed-5']!, limit: 100 });
    assert.deepEqual(resumed.map((u) => [u.trade.id, u.trade.status]), [['t2', 'FILLED'], ['t3', 'CANCELLED'], ['t4', 'PARTIALLY_FILLED']]);
    const acc2 = await tradeUpdatesAfter(db, { tenant: 'acme', accountId: 'acc-2', after: 0, limit: 2 });
    assert.deepEqual(acc2.map((u) => u.cursor), [at['placed-4'], at['placed-5']]);
  });

  it('listPositions and positionUpdatesAfter give an account\'s positions and their changes', async () => {
    assert.deepEqual((await listPositions(db, { tenant: 'acme', accountId: 'acc-1' })).map((p) => [p.instrument, p.netMwh, p.averagePrice]), [['ERCOT.HB_NORTH.DA', 10, 30]]);
    assert.deepEqual((await listPositions(db, { tenant: 'acme', accountId: 'acc-2' })).map((p) => p.netMwh), [-4]);
    const updates = await positionUpdatesAfter(db, { tenant: 'acme', accountId: 'acc-2', after: 0, limit: 10 });
    assert.deepEqual(updates.map((u) => [u.cursor, u.position.netMwh]), [[at['fill-t4'], -4]]);
    assert.deepEqual(await positionUpdatesAfter(db, { tenant: 'acme', accountId: 'acc-2', after: at['fill-t4']!, limit: 10 }), []);
  });
});
