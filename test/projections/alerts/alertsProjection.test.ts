import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createAlertCommands, type AlertCommands } from '../../../commands/alerts/alertCommands.js';
import type { EventStore } from '../../../commands/eventStore.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { alertHistory, alertUpdatesAfter, getAlert, listAlerts } from '../../../projections/alerts/alertQueries.js';
import { alertsProjection } from '../../../projections/alerts/alertsProjection.js';
import { createInProcessChangeFeed, type Change } from '../../../projections/changeFeed.js';
import { createProjectionRuntime, type ProjectionRuntime } from '../../../projections/runtime.js';
import { createTestDb, type TestDb } from '../../support/testDb.js';

let db: TestDb;
let store: EventStore;
let alerts: AlertCommands;
let runtime: ProjectionRuntime;
const published: Change[] = [];
let now = new Date('2026-01-05T09:00:00.000Z').getTime();
const tick = () => new Date((now += 1000));
const monitor = (tenant = 'acme') => ({ tenant, actor: 'nagios', roles: ['monitor'], correlationId: randomUUID(), traceparent: null });
const admin = { tenant: 'acme', actor: 'ops@acme', roles: ['energy.admin'], correlationId: randomUUID(), traceparent: null };

before(async () => {
  db = await createTestDb('projections_alerts');
  store = createPostgresEventStore(db);
  alerts = createAlertCommands({ store, clock: tick });
  const feed = createInProcessChangeFeed();
  feed.subscribe((change) => published.push(change));
  runtime = createProjectionRuntime({ db, store, feed, projections: [alertsProjection], idleWaitMs: 50 });
  await runtime.start();
});
after(async () => {
  await runtime.stop();
  await store.close();
  await db.close();
});

const raise = async (severity: string, dedupeKey: string, tenant = 'acme') =>
  alerts.raiseAlert({ severity, source: 'feed', subject: `${dedupeKey} down`, dedupeKey, details: '{"lagSeconds":90}' }, monitor(tenant));

describe('alerts read model', () => {
  it('lists open alerts most severe first, then oldest first; filters by status and severity; scoped to the tenant', async () => {
    const low = await raise('low', 'l1');
    const critical2 = await raise('critical', 'c2');
    const high = await raise('high', 'h1');
    const critical1 = await raise('critical', 'c1');
    await raise('critical', 'other-tenant', 'globex');
    const { position } = await alerts.acknowledgeAlert({ alertId: high.alertId }, admin);
    await runtime.waitFor(position);
    const all = await listAlerts(db, { tenant: 'acme' });
    assert.deepEqual(all.map((a) => a.id), [critical2.alertId, critical1.alertId, high.alertId, low.alertId]);
    assert.deepEqual((await listAlerts(db, { tenant: 'acme', status: 'OPEN' })).map((a) => a.id), [critical2.alertId, critical1.alertId, low.alertId]);
    assert.deepEqual((await listAlerts(db, { tenant: 'acme', severity: 'HIGH' })).map((a) => [a.id, a.status, a.acknowledgedBy]), [[high.alertId, 'ACKNOWLEDGED', 'ops@acme']]);
    assert.equal(await getAlert(db, { tenant: 'globex', id: high.alertId }), null);
  });

  it('counts occurrences of a deduplicated raise, keeps the history of every version, and publishes each change', async () => {
    const first = await raise('medium', 'dup');
    await raise('medium', 'dup');
    const third = await raise('medium', 'dup');
    const resolved = await alerts.resolveAlert({ alertId: first.alertId, resolution: 'feed back' }, monitor());
    const reopened = await raise('medium', 'dup');
    await runtime.waitFor(reopened.position);
    assert.equal(third.alertId, first.alertId);
    assert.notEqual(reopened.alertId, first.alertId);
    const view = await getAlert(db, { tenant: 'acme', id: first.alertId });
    assert.equal(view?.occurrences, 3);
    assert.equal(view?.status, 'RESOLVED');
    assert.equal(view?.resolvedBy, 'nagios');
    const history = await alertHistory(db, { tenant: 'acme', id: first.alertId });
    assert.deepEqual(history.map((h) => [h.alert.status, h.alert.occurrences]), [['OPEN', 1], ['OPEN', 2], ['OPEN', 3], ['RESOLVED', 3]]);
    assert.equal(history.at(-1)?.cursor, resolved.position);
    const missed = await alertUpdatesAfter(db, { tenant: 'acme', after: resolved.position - 1, limit: 10 });
    assert.deepEqual(missed.map((m) => m.alert.id), [first.alertId, reopened.alertId]);
    const items = published.flatMap((change) => change.changes).filter((item) => item.kind === 'alert' && item.alert.id === reopened.alertId);
    assert.equal(items.length, 1);
  });
});
