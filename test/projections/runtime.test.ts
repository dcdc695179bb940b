import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EventStore, NewEvent } from '../../commands/eventStore.js';
import { createPostgresEventStore } from '../../infra/eventStore/postgresEventStore.js';
import { createInProcessChangeFeed, type Change } from '../../projections/changeFeed.js';
import { createInProcessHotPositions } from '../../projections/inProcessHotPositions.js';
import { foldPositionViews } from '../../projections/positionView.js';
import { positionsProjection } from '../../projections/positions.js';
import type { Projection } from '../../projections/projection.js';
import { createProjectionRuntime } from '../../projections/runtime.js';
import { foldTradeViews } from '../../projections/tradeView.js';
import { tradesProjection } from '../../projections/trades.js';
import { createTestDb, type TestDb } from '../support/testDb.js';
import { appendAll, appendAtOnce, checkpointOf, eventually, positionTable, readWholeLog, recordingLog, sortByKey, tradeTable } from './projectionFixture.js';
import { cancelled, filled, other, placed } from './tradingEvents.js';

/** A day of trading: `n` trades over two tenants and three accounts, filled in parts, some cancelled. */
const tradingDay = (prefix: string, n: number): NewEvent[] => {
  const events: NewEvent[] = [];
  for (let i = 0; i < n; i++) {
    const tradeId = `${prefix}-${i}`;
    const common = { tradeId, tenant: i % 5 === 0 ? 'globex' : 'acme', accountId: `acc-${i % 3}`, side: i % 2 === 0 ? 'BUY' : 'SELL', instrument: i % 4 === 0 ? 'ERCOT.HB_HOUSTON.RT' : 'ERCOT.HB_NORTH.DA' } as const;
    events.push(placed({ ...common, quantityMwh: 10, placedAt: `2025-01-02T10:${String(i % 60).padStart(2, '0')}:00.000Z` }));
    events.push(filled({ ...common, quantityMwh: 2.5, price: 40 + i, totalFilledMwh: 2.5 }));
    if (i % 7 === 3) events.push(other(common.tenant));
    if (i % 3 === 0) events.push(filled({ ...common, quantityMwh: 7.5, price: -10 + i, totalFilledMwh: 10, complete: true }));
    else if (i % 3 === 1) events.push(cancelled({ tradeId, tenant: common.tenant }));
  }
  return events;
};

const byTrade = (t: { tenant: string; id: string }) => `${t.tenant}/${t.id}`;
const byPosition = (p: { tenant: string; accountId: string; instrument: string }) => `${p.tenant}/${p.accountId}/${p.instrument}`;

const assertReadModelsEqualFoldOfLog = async (db: TestDb, store: EventStore): Promise<void> => {
  const log = await readWholeLog(store);
  assert.deepEqual(await tradeTable(db), sortByKey(foldTradeViews(log).values(), byTrade));
  assert.deepEqual(await positionTable(db), sortByKey(foldPositionViews(log).values(), byPosition));
};

/** The trades projection, except that while `failing.on` its apply throws after applying `failing.after` events. */
const failingTrades = (failing: { on: boolean; after: number }): Projection => ({
  ...tradesProjection,
  apply: async (tx, events) => {
    if (!failing.on || events.length <= failing.after) return tradesProjection.apply(tx, events);
    await tradesProjection.apply(tx, events.slice(0, failing.after));
    throw new Error(`apply failed on event ${failing.after + 1} of the batch`);
  },
});

describe('projection runtime', () => {
  let db: TestDb;
  let store: EventStore;
  before(async () => {
    db = await createTestDb('projections_runtime');
    store = createPostgresEventStore(db);
  });
  after(async () => {
    await store.close();
    await db.close();
  });

  it('a batch that fails midway leaves no partial effect and no advanced checkpoint; the retry applies it once', async () => {
    const failing = { on: false, after: 3 };
    const { log, errors } = recordingLog();
    const runtime = createProjectionRuntime({ db, store, feed: createInProcessChangeFeed(), projections: [failingTrades(failing), positionsProjection], batchSize: 50, log, backoff: { initialMs: 20, maxMs: 50 } });
    await runtime.start();
    try {
      const first = await appendAll(store, tradingDay('a', 4));
      await runtime.waitFor(first, { timeoutMs: 5000 });
      const tradesBefore = await tradeTable(db);
      const updatesBefore = (await db.query('SELECT count(*)::int AS n FROM trade_updates')).rows[0];
      assert.equal(await checkpointOf(db, 'trades'), first);

      failing.on = true;
      const second = await appendAtOnce(store, tradingDay('b', 6));
      await eventually(() => errors.length >= 2, { what: 'two failed attempts' });
      assert.deepEqual(await tradeTable(db), tradesBefore, 'no trade of the failed batch is visible');
      assert.deepEqual((await db.query('SELECT count(*)::int AS n FROM trade_updates')).rows[0], updatesBefore);
      assert.equal(await checkpointOf(db, 'trades'), first, 'the checkpoint did not move');
      assert.ok(runtime.position() < second, 'the failed projection holds back read-your-writes');
      await runtime.waitFor(second, { timeoutMs: 5000, projections: ['positions'] });
      assert.equal(runtime.position(['trades']), first, 'but not of the other projections');
      await assert.rejects(runtime.waitFor(second, { projections: ['nonesuch'] }), /No projection named nonesuch/);

      failing.on = false;
      await runtime.waitFor(second, { timeoutMs: 5000 });
      await assertReadModelsEqualFoldOfLog(db, store);
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT position FROM trade_updates GROUP BY position HAVING count(*) > 1) d');
      assert.equal(rows[0]?.n, 0, 'no change was recorded twice');
    } finally {
      await runtime.stop();
    }
  });

  it('after a restart over more events, the read models equal a fold of the whole log', async () => {
    const changes: Change[] = [];
    const feed = createInProcessChangeFeed();
    feed.subscribe((change) => changes.push(change));
    const hot = createInProcessHotPositions();
    const options = { db, store, feed, projections: [tradesProjection, positionsProjection], batchSize: 7, hot };
    const first = createProjectionRuntime(options);
    await first.start();
    await appendAll(store, tradingDay('c', 10));
    await first.waitFor(await store.headPosition(), { timeoutMs: 5000 });
    await first.stop();

    const more = await appendAll(store, [...tradingDay('d', 15), other()]);
    const second = createProjectionRuntime(options);
    await second.start();
    try {
      await second.waitFor(more, { timeoutMs: 5000 });
      await assertReadModelsEqualFoldOfLog(db, store);
      assert.equal(await checkpointOf(db, 'trades'), more);

      const published = changes.flatMap((change) => change.changes).filter((item) => item.kind === 'trade' && item.trade.id.startsWith('d-'));
      const tradeEventsOfD = (await readWholeLog(store)).filter((event) => String(event.data['tradeId']).startsWith('d-'));
      assert.deepEqual(published.map((item) => item.at), tradeEventsOfD.map((event) => event.position), 'one published change per event, in log order');

      const log = await readWholeLog(store);
      const expected = sortByKey(foldPositionViews(log).values(), byPosition).filter((p) => p.tenant === 'acme' && p.accountId === 'acc-1');
      assert.deepEqual(await hot.list('acme', 'acc-1'), expected, 'the hot copy matches the fold too');
    } finally {
      await second.stop();
    }
  });

  it('waitFor resolves for the token of an event no projection handles', async () => {
    const runtime = createProjectionRuntime({ db, store, feed: createInProcessChangeFeed(), projections: [tradesProjection, positionsProjection] });
    await runtime.start();
    try {
      await runtime.waitFor(await store.headPosition(), { timeoutMs: 5000 });
      const { position } = await store.append('document-unhandled', [other()], { expectedVersion: 'any' });
      await runtime.waitFor(position, { timeoutMs: 3000 });
      assert.ok(runtime.position() >= position);
    } finally {
      await runtime.stop();
    }
  });

  it('waitFor fails with CONSISTENCY_TIMEOUT when the read models do not reach the token in time', async () => {
    const runtime = createProjectionRuntime({ db, store, feed: createInProcessChangeFeed(), projections: [tradesProjection] });
    await runtime.start();
    try {
      const beyond = (await store.headPosition()) + 1000;
      const started = Date.now();
      await assert.rejects(runtime.waitFor(beyond, { timeoutMs: 150 }), { code: 'CONSISTENCY_TIMEOUT' });
      assert.ok(Date.now() - started >= 140);
    } finally {
      await runtime.stop();
    }
  });

  it('two runtimes over one database never apply a batch twice', async () => {
    const runtimes = [1, 2].map(() =>
      createProjectionRuntime({ db, store, feed: createInProcessChangeFeed(), projections: [tradesProjection, positionsProjection], batchSize: 5 }),
    );
    await Promise.all(runtimes.map((runtime) => runtime.start()));
    try {
      const last = await appendAll(store, tradingDay('e', 20));
      await Promise.all(runtimes.map((runtime) => runtime.waitFor(last, { timeoutMs: 10_000 })));
      await assertReadModelsEqualFoldOfLog(db, store);
      const log = await readWholeLog(store);
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM trade_updates');
      assert.equal(rows[0]?.n, log.filter((event) => event.type.startsWith('Trade')).length, 'one trade update per trading event');
    } finally {
      await Promise.all(runtimes.map((runtime) => runtime.stop()));
    }
  });
});
