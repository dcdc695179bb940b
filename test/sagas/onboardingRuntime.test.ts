import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CommandContext } from '../../commands/commandBus.js';
import type { EventStore } from '../../commands/eventStore.js';
import { createIdentityCommands, type IdentityCommands } from '../../commands/identity/identityCommands.js';
import { userStreamId } from '../../domain/identity/events.js';
import { createPostgresEventStore } from '../../infra/eventStore/postgresEventStore.js';
import { createLocalMailbox, mailboxOf } from '../../infra/email/localMailbox.js';
import { PermanentFailure, type ActionHandlers } from '../../sagas/actionHandler.js';
import { onboardingSaga } from '../../sagas/onboarding.js';
import { createOnboardingHandlers } from '../../sagas/onboardingHandlers.js';
import { sagaStreamId } from '../../sagas/saga.js';
import { sagaStepRecorded } from '../../domain/sagas/events.js';
import { createSagaRuntime } from '../../sagas/sagaRuntime.js';
import { createTestDb, type TestDb } from '../support/testDb.js';
import { createManualClock } from './manualClock.js';
import { permissionsOfRoles } from '../../domain/identity/permissions.js';

let db: TestDb;
let store: EventStore;
let identity: IdentityCommands;
const clock = createManualClock();
const admin = (tenant = 'acme'): CommandContext => ({ tenant, actor: 'admin@acme', roles: ['energy.admin'], correlationId: randomUUID(), traceparent: null });

before(async () => {
  db = await createTestDb('sagas_onboarding_runtime');
  store = createPostgresEventStore(db);
  identity = createIdentityCommands({ store, clock: () => clock.now() });
});
after(async () => {
  await store.close();
  await db.close();
});

let runtimes = 0;
const runtime = (handlers: ActionHandlers, name = `r${++runtimes}`) =>
  createSagaRuntime({ db, store, sagas: [onboardingSaga], handlers, clock, name, retry: { maxAttempts: 3, baseDelayMs: 1000 } });
const realHandlers = () => createOnboardingHandlers({ identity, email: createLocalMailbox({ sql: db, now: () => clock.now() }) });
const register = async (email = 'ada@example.com') =>
  (await identity.registerUser({ email, displayName: 'Ada Lovelace', roles: ['energy.analyst'] }, admin())).userId;
const sagaSteps = async (userId: string) => (await store.readStream(sagaStreamId('onboarding', userId))).map((event) => sagaStepRecorded.parse(event.data));
const summary = async (userId: string) => (await sagaSteps(userId)).at(-1)!;
const userEvents = async (userId: string) => (await store.readStream(userStreamId(userId))).map((event) => event.type);
const mailbox = (userId: string) => mailboxOf(db, { tenant: 'acme', userId });
/** The real handlers, but `name` fails for good. */
const failing = (name: string): ActionHandlers => ({ ...realHandlers(), [name]: async () => { throw new PermanentFailure('INJECTED', `${name} is down for good`); } });

describe('onboarding saga on the runtime', () => {
  it('registerUser: creates the user, sends one welcome e-mail, grants the roles’ permissions, completes', async () => {
    const userId = await register();
    await runtime(realHandlers()).drain();
    assert.deepEqual(await userEvents(userId), ['UserRegistrationRequested', 'UserCreated', 'PermissionsGranted', 'UserOnboarded']);
    const [granted, onboarded] = (await store.readStream(userStreamId(userId))).slice(2);
    assert.deepEqual(granted?.data['permissions'], permissionsOfRoles(['energy.analyst']));
    assert.equal(granted?.metadata.actor, 'saga:onboarding');
    const messages = await mailbox(userId);
    assert.equal(messages.length, 1);
    assert.equal(messages[0]?.to, 'ada@example.com');
    assert.equal(messages[0]?.attempts, 1);
    assert.equal(onboarded?.data['welcomeMessageId'], messages[0]?.messageId);
    const last = await summary(userId);
    assert.equal(last.status, 'completed');
    assert.deepEqual(last.steps.map((s) => s.status), ['done', 'done', 'done', 'done']);
    // every step is in the saga's stream: the start, then one outcome per action
    assert.deepEqual((await sagaSteps(userId)).map((s) => s.input.kind), ['event', 'actionSucceeded', 'actionSucceeded', 'actionSucceeded', 'actionSucceeded']);
  });

  it('a restart after the step was recorded but before its action ran resumes without repeating anything', async () => {
    const userId = await register('grace@example.com');
    await runtime(realHandlers(), 'crashy').route(); // the first runtime records the start and dies before running an action
    assert.deepEqual(await userEvents(userId), ['UserRegistrationRequested']);
    assert.equal((await sagaSteps(userId)).length, 1);
    await runtime(realHandlers(), 'crashy').drain(); // the restarted one (same checkpoint)
    assert.equal((await summary(userId)).status, 'completed');
    assert.equal((await mailbox(userId)).length, 1);
    assert.equal((await mailbox(userId))[0]?.attempts, 1);
    // the log delivered again from the start (checkpoint lost): nothing new happens
    await db.query(`UPDATE ll_checkpoints SET position = 0 WHERE name = 'saga-router:crashy'`);
    const before = (await sagaSteps(userId)).length;
    await runtime(realHandlers(), 'crashy').drain();
    assert.equal((await sagaSteps(userId)).length, before);
    assert.equal((await mailbox(userId))[0]?.attempts, 1);
    assert.deepEqual(await userEvents(userId), ['UserRegistrationRequested', 'UserCreated', 'PermissionsGranted', 'UserOnboarded']);
  });

  it('an e-mail sent but not acknowledged is retried with the same message id: delivered once', async () => {
    const userId = await register('lost-ack@example.com');
    const handlers = realHandlers();
    let calls = 0;
    const lostAck: ActionHandlers = {
      ...handlers,
      'email.sendWelcome': async (input, context) => {
        calls += 1;
        const result = await handlers['email.sendWelcome']!(input, context);
        if (calls === 1) throw new Error('connection reset after the mail was sent');
        return result;
      },
    };
    const sagas = runtime(lostAck);
    await sagas.drain();
    assert.equal((await summary(userId)).status, 'running'); // waiting for the retry, 1 s later
    clock.advance(1000);
    await sagas.drain();
    assert.equal(calls, 2);
    assert.equal((await summary(userId)).status, 'completed');
    const messages = await mailbox(userId);
    assert.equal(messages.length, 1);
    assert.equal(messages[0]?.attempts, 2);
  });

  it('a transient failure is retried with exponential backoff as time moves, then fails for good and compensates', async () => {
    const userId = await register('flaky@example.com');
    let calls = 0;
    const handlers: ActionHandlers = { ...realHandlers(), 'identity.grantPermissions': async () => { calls += 1; throw new Error('store unavailable'); } };
    const sagas = runtime(handlers);
    await sagas.drain();
    assert.equal(calls, 1);
    clock.advance(999);
    await sagas.drain();
    assert.equal(calls, 1, 'not before 1 s');
    clock.advance(1);
    await sagas.drain();
    assert.equal(calls, 2);
    clock.advance(1999);
    await sagas.drain();
    assert.equal(calls, 2, 'the second retry waits 2 s');
    clock.advance(1);
    await sagas.drain();
    assert.equal(calls, 3);
    const last = await summary(userId);
    assert.equal(last.status, 'failed');
    assert.deepEqual(last.failure, { step: 'assignPermissions', code: 'ACTION_FAILED', message: 'store unavailable' });
    assert.deepEqual(await userEvents(userId), ['UserRegistrationRequested', 'UserCreated', 'UserDeactivated']);
  });
});

describe('onboarding compensation, for a failure at each step', () => {
  const cases = [
    { step: 'createUser', handler: 'identity.createUser', statuses: ['failed', 'skipped', 'skipped', 'skipped'], events: ['UserRegistrationRequested'] },
    { step: 'sendWelcomeEmail', handler: 'email.sendWelcome', statuses: ['compensated', 'failed', 'skipped', 'skipped'], events: ['UserRegistrationRequested', 'UserCreated', 'UserDeactivated'] },
    {
      step: 'assignPermissions', handler: 'identity.grantPermissions', statuses: ['compensated', 'done', 'failed', 'skipped'],
      events: ['UserRegistrationRequested', 'UserCreated', 'UserDeactivated'],
    },
    {
      step: 'complete', handler: 'identity.completeOnboarding', statuses: ['compensated', 'done', 'compensated', 'failed'],
      events: ['UserRegistrationRequested', 'UserCreated', 'PermissionsGranted', 'PermissionsRevoked', 'UserDeactivated'],
    },
  ];
  for (const { step, handler, statuses, events } of cases) {
    it(`a failure at ${step} undoes the completed steps in reverse and records why`, async () => {
      const userId = await register(`${step}@example.com`);
      await runtime(failing(handler)).drain();
      const last = await summary(userId);
      assert.equal(last.status, 'failed');
      assert.deepEqual(last.failure, { step, code: 'INJECTED', message: `${handler} is down for good` });
      assert.deepEqual(last.steps.map((s) => s.status), statuses);
      assert.deepEqual(await userEvents(userId), events);
      const deactivated = (await store.readStream(userStreamId(userId))).find((event) => event.type === 'UserDeactivated');
      if (deactivated) assert.equal(deactivated.data['reason'], `onboarding failed at ${step}: INJECTED`);
    });
  }

  it('an address the mailbox refuses (example.invalid) fails the e-mail step at once and deactivates the user', async () => {
    const userId = await register('nobody@example.invalid');
    await runtime(realHandlers()).drain();
    const last = await summary(userId);
    assert.equal(last.failure?.step, 'sendWelcomeEmail');
    assert.equal(last.failure?.code, 'EMAIL_REJECTED');
    assert.deepEqual(await userEvents(userId), ['UserRegistrationRequested', 'UserCreated', 'UserDeactivated']);
    assert.deepEqual(await mailbox(userId), []);
  });
});
