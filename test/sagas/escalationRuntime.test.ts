import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createAlertCommands, type AlertCommands } from '../../commands/alerts/alertCommands.js';
import type { CommandContext } from '../../commands/commandBus.js';
import type { EventStore } from '../../commands/eventStore.js';
import { alertStreamOf } from '../../domain/alerts/events.js';
import { createLocalMailbox, mailboxOf } from '../../infra/email/localMailbox.js';
import { createPostgresEventStore } from '../../infra/eventStore/postgresEventStore.js';
import { createEscalationSaga } from '../../sagas/escalation.js';
import { createEscalationHandlers } from '../../sagas/escalationHandlers.js';
import { sagaStreamId } from '../../sagas/saga.js';
import { sagaStepRecorded } from '../../domain/sagas/events.js';
import { createSagaRuntime, type SagaRuntime } from '../../sagas/sagaRuntime.js';
import { createTestDb, type TestDb } from '../support/testDb.js';
import { createManualClock } from './manualClock.js';

const MINUTE = 60_000;
let db: TestDb;
let store: EventStore;
let alerts: AlertCommands;
let sagas: SagaRuntime;
const clock = createManualClock();
const context = (roles: readonly string[]): CommandContext => ({ tenant: 'acme', actor: `${roles[0]}@acme`, roles, correlationId: randomUUID(), traceparent: null });
const monitor = context(['monitor']);
const trader = context(['energy.trader']);

before(async () => {
  db = await createTestDb('sagas_escalation_runtime');
  store = createPostgresEventStore(db);
  alerts = createAlertCommands({ store, clock: () => clock.now() });
  const policy = { windowMs: { critical: 5 * MINUTE, high: 15 * MINUTE, medium: 60 * MINUTE, low: 240 * MINUTE }, maxLevel: 3 };
  sagas = createSagaRuntime({
    db, store, clock, sagas: [createEscalationSaga(policy)],
    handlers: createEscalationHandlers({ alerts, email: createLocalMailbox({ sql: db, now: () => clock.now() }) }),
  });
});
after(async () => {
  await store.close();
  await db.close();
});

const raise = async (severity: string, dedupeKey = randomUUID()) =>
  (await alerts.raiseAlert({ severity, source: 'ercot-feed', subject: `${dedupeKey} stale`, dedupeKey }, monitor)).alertId;
const levelsOf = async (alertId: string) =>
  (await store.readStream(alertStreamOf(alertId)!)).filter((event) => event.type === 'AlertEscalated' && event.data['alertId'] === alertId).map((event) => event.data['level']);
const notificationsTo = async (level: number, alertId: string) =>
  (await mailboxOf(db, { tenant: 'acme', userId: `on-call-${level}` })).filter((message) => message.text.includes(alertId));
const sagaOf = async (alertId: string) => sagaStepRecorded.parse((await store.readStream(sagaStreamId('escalation', alertId))).at(-1)?.data);
const after_ = async (ms: number) => {
  clock.advance(ms);
  await sagas.drain();
};

describe('alert escalation saga', () => {
  it('escalates an unacknowledged critical alert every 5 minutes, one level up each time, notifying that level once', async () => {
    const alertId = await raise('critical');
    await sagas.drain();
    assert.deepEqual(await levelsOf(alertId), []);
    await after_(5 * MINUTE - 1);
    assert.deepEqual(await levelsOf(alertId), [], 'not before its window');
    await after_(1);
    assert.deepEqual(await levelsOf(alertId), [1]);
    assert.equal((await notificationsTo(1, alertId)).length, 1);
    await after_(5 * MINUTE);
    assert.deepEqual(await levelsOf(alertId), [1, 2]);
    assert.equal((await notificationsTo(2, alertId)).length, 1);
    assert.match((await notificationsTo(2, alertId))[0]!.subject, /^\[CRITICAL\] escalation level 2: /);
    const saga = await sagaOf(alertId);
    assert.deepEqual(saga.steps.map((s) => `${s.name}:${s.status}`), ['level 1:done', 'level 2:done']);
  });

  it('stops at the maximum level', async () => {
    const alertId = await raise('critical');
    await sagas.drain();
    for (let i = 0; i < 6; i++) await after_(5 * MINUTE);
    assert.deepEqual(await levelsOf(alertId), [1, 2, 3]);
    assert.equal((await notificationsTo(3, alertId)).length, 1);
  });

  it('acknowledging stops it: no more levels or notifications however much time passes', async () => {
    const alertId = await raise('high');
    await sagas.drain();
    await after_(15 * MINUTE);
    assert.deepEqual(await levelsOf(alertId), [1]);
    await alerts.acknowledgeAlert({ alertId }, trader);
    await sagas.drain();
    assert.equal((await sagaOf(alertId)).status, 'completed');
    await after_(60 * MINUTE);
    assert.deepEqual(await levelsOf(alertId), [1]);
    assert.equal((await notificationsTo(2, alertId)).length, 0);
    const { rows } = await db.query<{ status: string }>(`SELECT status FROM ll_saga_work WHERE id = $1`, [`${sagaStreamId('escalation', alertId)}/timer:escalate:2`]);
    assert.deepEqual(rows, [{ status: 'cancelled' }], 'the pending timer was cancelled');
  });

  it('an alert acknowledged before the saga has seen it is not escalated (the command refuses, no notification)', async () => {
    const alertId = await raise('critical');
    await sagas.drain();
    await alerts.acknowledgeAlert({ alertId }, trader);
    clock.advance(5 * MINUTE); // the timer is due before the runtime routes the acknowledgement
    await sagas.drain();
    assert.deepEqual(await levelsOf(alertId), []);
    assert.equal((await notificationsTo(1, alertId)).length, 0);
    assert.equal((await sagaOf(alertId)).status, 'completed');
  });

  it('a timer survives a restart: a new runtime fires it', async () => {
    const alertId = await raise('medium');
    await sagas.drain();
    const restarted = createSagaRuntime({
      db, store, clock, sagas: [createEscalationSaga()],
      handlers: createEscalationHandlers({ alerts, email: createLocalMailbox({ sql: db, now: () => clock.now() }) }),
    });
    clock.advance(60 * MINUTE);
    await restarted.drain();
    assert.deepEqual(await levelsOf(alertId), [1]);
  });

  it('a raise with the dedupe key of an open alert counts an occurrence and does not start another escalation', async () => {
    const key = randomUUID();
    const first = await raise('low', key);
    const second = await raise('low', key);
    assert.equal(second, first);
    const occurred = (await store.readStream(alertStreamOf(first)!)).filter((event) => event.type === 'AlertOccurred');
    assert.deepEqual(occurred.map((event) => event.data['occurrences']), [2]);
    await sagas.drain();
    const steps = await store.readStream(sagaStreamId('escalation', first));
    assert.equal(steps.length, 1);
  });
});
