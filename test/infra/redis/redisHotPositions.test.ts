import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { connectRedis } from '../../../infra/redis/connectRedis.js';
import { createRedisHotPositions } from '../../../infra/redis/redisHotPositions.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { createInProcessChangeFeed, type ChangeItem, type PositionView } from '../../../projections/changeFeed.js';
import { foldPositionViews } from '../../../projections/positionView.js';
import { positionsProjection } from '../../../projections/positions.js';
import { createProjectionRuntime } from '../../../projections/runtime.js';
import { createTestDb, skipUnless } from '../../support/testDb.js';
import { appendAll, readWholeLog } from '../../projections/projectionFixture.js';
import { filled } from '../../projections/tradingEvents.js';

const skip = skipUnless('REDIS_URL');
const root = `ll:test:hot:${process.pid}:`;

const view = (accountId: string, instrument: string, netMwh: number, tenant = 'acme'): PositionView => ({
  tenant, accountId, instrument, netMwh, averagePrice: netMwh === 0 ? null : 42.5, updatedAt: '2025-01-02T10:00:00.000Z',
});
const change = (at: number, position: PositionView): ChangeItem => ({ kind: 'position', tenant: position.tenant, at, position });

describe('Redis hot positions', { skip }, () => {
  let redis: Redis;
  let n = 0;
  const fresh = () => createRedisHotPositions({ redis, prefix: `${root}${++n}:` });

  before(() => {
    redis = connectRedis(process.env['REDIS_URL']!);
  });
  after(async () => {
    const keys = await redis.keys(`${root}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('applies position changes; list gives an account its net MWh per instrument, ordered by instrument', async () => {
    const hot = fresh();
    await hot.apply([change(3, view('acc-1', 'ERCOT.HB_NORTH.DA', 10)), change(4, view('acc-1', 'ERCOT.HB_HOUSTON.RT', -2.5)), change(5, view('acc-2', 'ERCOT.HB_NORTH.DA', 7))], 5);
    await hot.apply([change(8, view('acc-1', 'ERCOT.HB_NORTH.DA', 4))], 9);
    assert.deepEqual(await hot.list('acme', 'acc-1'), [view('acc-1', 'ERCOT.HB_HOUSTON.RT', -2.5), view('acc-1', 'ERCOT.HB_NORTH.DA', 4)]);
    assert.deepEqual((await hot.list('acme', 'acc-2')).map((p) => p.netMwh), [7]);
    assert.equal(await hot.checkpoint(), 9);
  });

  it('is idempotent by position: a re-delivered batch changes nothing and never rolls a position back', async () => {
    const hot = fresh();
    const first = [change(2, view('acc-1', 'ERCOT.HB_NORTH.DA', 10))];
    await hot.apply(first, 2);
    await hot.apply([change(6, view('acc-1', 'ERCOT.HB_NORTH.DA', 3))], 6);
    await hot.apply(first, 2);
    assert.deepEqual((await hot.list('acme', 'acc-1')).map((p) => p.netMwh), [3]);
    await hot.apply([change(5, view('acc-1', 'ERCOT.HB_NORTH.DA', 99)), change(7, view('acc-1', 'ERCOT.HB_HOUSTON.RT', 1))], 7);
    assert.deepEqual((await hot.list('acme', 'acc-1')).map((p) => p.netMwh), [1, 3], 'the change at 5 was already covered by the checkpoint 6');
    assert.equal(await hot.checkpoint(), 7);
  });

  it('keeps tenants apart, also when ids contain the key separator', async () => {
    const hot = fresh();
    await hot.apply([change(1, view('b:c', 'X', 1, 'a')), change(2, view('c', 'X', 2, 'a:b'))], 2);
    assert.deepEqual((await hot.list('a', 'b:c')).map((p) => p.netMwh), [1]);
    assert.deepEqual((await hot.list('a:b', 'c')).map((p) => p.netMwh), [2]);
    assert.deepEqual(await hot.list('globex', 'b:c'), []);
  });

  it('a fresh Redis copy catches up from the SQL history when the runtime starts, then follows live', async () => {
    const db = await createTestDb('redis_hot_positions');
    const store = createPostgresEventStore(db);
    try {
      const before = await appendAll(store, [
        filled({ tradeId: 't1', quantityMwh: 10, price: 40, totalFilledMwh: 10, complete: true }),
        filled({ tradeId: 't2', side: 'SELL', quantityMwh: 4, price: 50, totalFilledMwh: 4 }),
      ]);
      const projectOnly = createProjectionRuntime({ db, store, feed: createInProcessChangeFeed(), projections: [positionsProjection] });
      await projectOnly.start();
      await projectOnly.waitFor(before, { timeoutMs: 5000 });
      await projectOnly.stop();

      const hot = fresh();
      const runtime = createProjectionRuntime({ db, store, feed: createInProcessChangeFeed(), projections: [positionsProjection], hot });
      await runtime.start();
      try {
        await runtime.waitFor(before, { timeoutMs: 5000 });
        assert.deepEqual((await hot.list('acme', 'acc-1')).map((p) => p.netMwh), [6]);
        const later = await appendAll(store, [filled({ tradeId: 't3', quantityMwh: 1.5, price: 45, totalFilledMwh: 1.5 })]);
        await runtime.waitFor(later, { timeoutMs: 5000 });
        const folded = [...foldPositionViews(await readWholeLog(store)).values()];
        assert.deepEqual(await hot.list('acme', 'acc-1'), folded);
        assert.equal(await hot.checkpoint(), later);
      } finally {
        await runtime.stop();
      }
    } finally {
      await store.close();
      await db.close();
    }
  });
});
