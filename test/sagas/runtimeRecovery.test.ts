import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { EventStore } from '../../commands/eventStore.js';
import { createIdentityCommands, type IdentityCommands } from '../../commands/identity/identityCommands.js';
import { createLocalMailbox, mailboxOf } from '../../infra/email/localMailbox.js';
import { createPostgresEventStore } from '../../infra/eventStore/postgresEventStore.js';
import type { ActionHandlers } from '../../sagas/actionHandler.js';
import { createEscalationSaga } from '../../sagas/escalation.js';
import { onboardingSaga } from '../../sagas/onboarding.js';
import { createOnboardingHandlers } from '../../sagas/onboardingHandlers.js';
import { sagaStreamId } from '../../sagas/saga.js';
import { sagaStepRecorded } from '../../domain/sagas/events.js';
import { createSagaRuntime } from '../../sagas/sagaRuntime.js';
import { createTestDb, type TestDb } from '../support/testDb.js';
import { createManualClock } from './manualClock.js';

let db: TestDb;
let store: EventStore;
let identity: IdentityCommands;
const clock = createManualClock();
const admin = { tenant: 'acme', actor: 'admin', roles: ['energy.admin'], correlationId: randomUUID(), traceparent: null };

before(async () => {
  db = await createTestDb('sagas_runtime_recovery');
  store = createPostgresEventStore(db);
  identity = createIdentityCommands({ store, clock: () => clock.now() });
});
after(async () => {
  await store.close();
  await db.close();
});

/** The real handlers, counting the welcome e-mails handed to the mailbox. */
const counting = () => {
  const handlers = createOnboardingHandlers({ identity, email: createLocalMailbox({ sql: db, now: () => clock.now() }) });
  const calls = new Map<string, number>();
  const counted: ActionHandlers = {
    ...handlers,
    'email.sendWelcome': async (input, context) => {
      calls.set(String(input['userId']), (calls.get(String(input['userId'])) ?? 0) + 1);
      return handlers['email.sendWelcome']!(input, context);
    },
  };
  return { handlers: counted, calls };
};
const register = async (name: string) => (await identity.registerUser({ email: `${name}@example.com`, displayName: name, roles: ['energy.viewer'] }, admin)).userId;
const statusOf = async (userId: string) => sagaStepRecorded.parse((await store.readStream(sagaStreamId('onboarding', userId))).at(-1)?.data).status;

describe('saga runtime recovery and concurrency', () => {
  it('a worker that died after recording an outcome but before marking its row done: the action is not run again', async () => {
    const userId = await register('ada');
    const first = counting();
    await createSagaRuntime({ db, store, sagas: [onboardingSaga], handlers: first.handlers, clock, name: 'recovery' }).drain();
    assert.equal(first.calls.get(userId), 1);
    const emailRow = `${sagaStreamId('onboarding', userId)}/step:sendWelcomeEmail`;
    await db.query(`UPDATE ll_saga_work SET status = 'pending', locked_until = NULL WHERE id = $1`, [emailRow]); // as if the crash left it so
    const stepsBefore = (await store.readStream(sagaStreamId('onboarding', userId))).length;
    const second = counting();
    await createSagaRuntime({ db, store, sagas: [onboardingSaga], handlers: second.handlers, clock, name: 'recovery' }).drain();
    assert.equal(second.calls.get(userId), undefined, 'not sent again');
    assert.equal((await store.readStream(sagaStreamId('onboarding', userId))).length, stepsBefore, 'no step recorded twice');
    const { rows } = await db.query<{ status: string }>('SELECT status FROM ll_saga_work WHERE id = $1', [emailRow]);
    assert.equal(rows[0]?.status, 'done');
    assert.equal((await mailboxOf(db, { tenant: 'acme', userId }))[0]?.attempts, 1);
  });

  it('a worker that died while running an action: another takes the row once the lease has passed, not before', async () => {
    const userId = await register('grace');
    const crashed = counting();
    const dying = createSagaRuntime({ db, store, sagas: [onboardingSaga], handlers: crashed.handlers, clock, name: 'lease', leaseMs: 60_000 });
    await dying.route();
    // the dying worker claims the first action (createUser) and never finishes it
    await db.query(`UPDATE ll_saga_work SET locked_until = $2, attempts = 1 WHERE id = $1`, [`${sagaStreamId('onboarding', userId)}/step:createUser`, new Date(clock.now().getTime() + 60_000).toISOString()]);
    const other = counting();
    const survivor = createSagaRuntime({ db, store, sagas: [onboardingSaga], handlers: other.handlers, clock, name: 'lease' });
    await survivor.drain();
    assert.equal(await statusOf(userId), 'running', 'the leased row is left alone');
    clock.advance(60_000);
    await survivor.drain();
    assert.equal(await statusOf(userId), 'completed');
    assert.equal(other.calls.get(userId), 1);
  });

  it('a runtime claims only the work of its own sagas: another runtime on the database leaves it alone', async () => {
    const userId = await register('hopper');
    const onboarding = counting();
    await createSagaRuntime({ db, store, sagas: [onboardingSaga], handlers: onboarding.handlers, clock, name: 'own' }).route();
    await createSagaRuntime({ db, store, sagas: [createEscalationSaga()], handlers: {}, clock, name: 'others' }).drain();
    const { rows } = await db.query<{ attempts: number; status: string }>('SELECT attempts, status FROM ll_saga_work WHERE id = $1', [`${sagaStreamId('onboarding', userId)}/step:createUser`]);
    assert.deepEqual(rows, [{ attempts: 0, status: 'pending' }]);
    await createSagaRuntime({ db, store, sagas: [onboardingSaga], handlers: onboarding.handlers, clock, name: 'own' }).drain();
    assert.equal(await statusOf(userId), 'completed');
  });

  it('two runtimes on one database run each action once (rows claimed with FOR UPDATE SKIP LOCKED, steps guarded by stream versions)', async () => {
    const users = await Promise.all(Array.from({ length: 12 }, (_, i) => register(`user${i}`)));
    const a = counting();
    const b = counting();
    const runtimeA = createSagaRuntime({ db, store, sagas: [onboardingSaga], handlers: a.handlers, clock, name: 'twins', batchSize: 3 });
    const runtimeB = createSagaRuntime({ db, store, sagas: [onboardingSaga], handlers: b.handlers, clock, name: 'twins', batchSize: 3 });
    await Promise.all([runtimeA.drain(), runtimeB.drain()]);
    await runtimeA.drain();
    for (const userId of users) {
      assert.equal(await statusOf(userId), 'completed');
      assert.equal((a.calls.get(userId) ?? 0) + (b.calls.get(userId) ?? 0), 1, `one welcome e-mail for ${userId}`);
      const steps = (await store.readStream(sagaStreamId('onboarding', userId))).map((event) => sagaStepRecorded.parse(event.data).input.kind);
      assert.deepEqual(steps, ['event', 'actionSucceeded', 'actionSucceeded', 'actionSucceeded', 'actionSucceeded']);
    }
  });
});
