import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createAlertCommands, type AlertCommands } from '../../../commands/alerts/alertCommands.js';
import type { EventStore } from '../../../commands/eventStore.js';
import { silentLog } from '../../../commands/log.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { connectRedis } from '../../../infra/redis/connectRedis.js';
import { createRedisHotAlerts } from '../../../infra/redis/redisHotAlerts.js';
import { alertsProjection } from '../../../projections/alerts/alertsProjection.js';
import type { HotAlerts } from '../../../projections/alerts/hotAlerts.js';
import { createHotAlertsFeeder } from '../../../projections/alerts/hotAlertsFeeder.js';
import { createInProcessChangeFeed, type ChangeFeed } from '../../../projections/changeFeed.js';
import { createProjectionRuntime, type ProjectionRuntime } from '../../../projections/runtime.js';
import { createTestDb, skipUnless, type TestDb } from '../../support/testDb.js';

const skip = skipUnless('REDIS_URL');
const PREFIX = 'll-test-hot-alerts:';
let db: TestDb;
let store: EventStore;
let alerts: AlertCommands;
let redis: Redis;
let feed: ChangeFeed;
let runtime: ProjectionRuntime;
let now = new Date('2026-01-05T09:00:00.000Z').getTime();
const monitor = { tenant: 'acme', actor: 'nagios', roles: ['monitor'], correlationId: randomUUID(), traceparent: null };

const clearPrefix = async () => {
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
};

before(async () => {
  if (skip) return;
  db = await createTestDb('projections_hot_alerts');
  store = createPostgresEventStore(db);
  alerts = createAlertCommands({ store, clock: () => new Date((now += 60_000)) });
  redis = connectRedis(process.env['REDIS_URL']!);
  await clearPrefix();
  feed = createInProcessChangeFeed();
  runtime = createProjectionRuntime({ db, store, feed, projections: [alertsProjection], idleWaitMs: 50 });
  await runtime.start();
});
after(async () => {
  if (skip) return;
  await runtime.stop();
  await clearPrefix();
  await redis.quit();
  await store.close();
  await db.close();
});

const raise = async (severity: string, dedupeKey: string) => (await alerts.raiseAlert({ severity, source: 'feed', subject: dedupeKey, dedupeKey }, monitor)).alertId;
const feeder = (hot: HotAlerts) => createHotAlertsFeeder({ sql: db, hot, feed, log: silentLog, projectionPosition: () => runtime.position(['alerts']) });

describe('open alerts hot in Redis', { skip }, () => {
  it('keeps the open alerts most severe first, then oldest first; a resolved alert leaves; catches up from SQL at start', async () => {
    const low = await raise('low', 'a');
    const high = await raise('high', 'b');
    await runtime.waitFor(await store.headPosition());
    const hot = createRedisHotAlerts({ redis, prefix: PREFIX });
    const running = feeder(hot);
    await running.start(); // the two raised before it started come from alert_updates
    const critical = await raise('critical', 'c');
    const high2 = await raise('high', 'd');
    const { position } = await alerts.resolveAlert({ alertId: low }, monitor);
    await alerts.acknowledgeAlert({ alertId: high2 }, { ...monitor, roles: ['energy.admin'] });
    const head = await store.headPosition();
    await runtime.waitFor(head);
    await running.waitFor(head, { timeoutMs: 5000 });
    assert.ok(running.position() >= position);
    assert.deepEqual((await hot.listOpen('acme')).map((a) => [a.id, a.severity, a.status]), [
      [critical, 'CRITICAL', 'OPEN'], [high, 'HIGH', 'OPEN'], [high2, 'HIGH', 'ACKNOWLEDGED'],
    ]);
    assert.deepEqual((await hot.listOpen('acme', { severity: 'HIGH', status: 'OPEN' })).map((a) => a.id), [high]);
    assert.deepEqual(await hot.listOpen('globex'), []);
    await running.stop();
  });

  it('re-applying an old batch changes nothing; a failed write is repaired from SQL with the next batch', async () => {
    const hot = createRedisHotAlerts({ redis, prefix: PREFIX });
    const before = await hot.listOpen('acme');
    await hot.apply(before.map((alert) => ({ at: 1, alert: { ...alert, status: 'RESOLVED' as const } })), 1);
    assert.deepEqual(await hot.listOpen('acme'), before, 'an old position is ignored');

    let fail = true;
    const flaky: HotAlerts = { ...hot, apply: async (changes, position) => { if (fail) { fail = false; throw new Error('redis went away'); } return hot.apply(changes, position); } };
    const running = feeder(flaky);
    await running.start();
    const lost = await raise('medium', 'e'); // this batch's write fails
    await runtime.waitFor(await store.headPosition());
    const next = await raise('low', 'f'); // the next one replays the lost batch first
    const head = await store.headPosition();
    await runtime.waitFor(head);
    await running.waitFor(head, { timeoutMs: 5000 });
    const ids = (await hot.listOpen('acme')).map((a) => a.id);
    assert.ok(ids.includes(lost) && ids.includes(next), JSON.stringify(ids));
    await running.stop();
  });
});
