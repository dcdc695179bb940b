import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { EventStore } from '../../commands/eventStore.js';
import { createIdentityCommands, type IdentityCommands } from '../../commands/identity/identityCommands.js';
import { createHttpEmail } from '../../infra/email/httpEmail.js';
import { createPostgresEventStore } from '../../infra/eventStore/postgresEventStore.js';
import { onboardingSaga } from '../../sagas/onboarding.js';
import { createOnboardingHandlers } from '../../sagas/onboardingHandlers.js';
import { sagaStreamId } from '../../sagas/saga.js';
import { sagaStepRecorded } from '../../domain/sagas/events.js';
import { createSagaRuntime, type SagaRuntime } from '../../sagas/sagaRuntime.js';
import { startMailServer } from '../infra/email/mailServer.js';
import { createTestDb, type TestDb } from '../support/testDb.js';
import { createManualClock } from './manualClock.js';

let db: TestDb;
let store: EventStore;
let identity: IdentityCommands;
let server: Awaited<ReturnType<typeof startMailServer>>;
let sagas: SagaRuntime;
const clock = createManualClock();

before(async () => {
  db = await createTestDb('sagas_circuit_breaker');
  store = createPostgresEventStore(db);
  server = await startMailServer();
  identity = createIdentityCommands({ store, clock: () => clock.now() });
  const email = createHttpEmail({ url: server.url, from: 'noreply@ledgerline.local' });
  sagas = createSagaRuntime({
    db, store, clock, sagas: [onboardingSaga], handlers: createOnboardingHandlers({ identity, email }),
    retry: { maxAttempts: 20, baseDelayMs: 1000, maxDelayMs: 1000 },
  });
});
after(async () => {
  await server.close();
  await store.close();
  await db.close();
});

const admin = { tenant: 'acme', actor: 'admin', roles: ['energy.admin'], correlationId: randomUUID(), traceparent: null };
const register = async (name: string) => (await identity.registerUser({ email: `${name}@example.com`, displayName: name, roles: ['energy.viewer'] }, admin)).userId;
const statusOf = async (userId: string) => sagaStepRecorded.parse((await store.readStream(sagaStreamId('onboarding', userId))).at(-1)?.data).status;
const calls = () => server.received.length;
const breaker = () => sagas.breaker('email.sendWelcome').state();

describe('circuit breaker around a failing e-mail API (5 failures open it, 30 s to half-open, 3 successes close it)', () => {
  it('opens after 5 consecutive failures, postpones without calling or using up tries, half-opens after 30 s, closes after 3 successes', async () => {
    server.answer(503);
    const first = await register('ada');
    await sagas.drain();
    for (let i = 0; i < 4; i++) {
      clock.advance(1000);
      await sagas.drain();
    }
    assert.equal(calls(), 5);
    assert.equal(breaker(), 'open');

    clock.advance(1000);
    await sagas.drain();
    assert.equal(calls(), 5, 'an open circuit does not call the API');
    const { rows } = await db.query<{ attempts: number; due_at: Date }>(`SELECT attempts, due_at FROM ll_saga_work WHERE id = $1`, [`${sagaStreamId('onboarding', first)}/step:sendWelcomeEmail`]);
    assert.equal(rows[0]?.attempts, 5, 'postponing does not use up a try');
    assert.ok(new Date(rows[0]!.due_at).getTime() > clock.now().getTime() + 20_000, 'postponed until the circuit half-opens');
    assert.equal(await statusOf(first), 'running');

    server.answer(202);
    clock.advance(29_000);
    assert.equal(breaker(), 'half_open');
    await sagas.drain();
    assert.equal(calls(), 6, 'one trial call');
    assert.equal(await statusOf(first), 'completed');
    assert.equal(breaker(), 'half_open');

    const others = [await register('grace'), await register('edsger')];
    await sagas.drain();
    assert.equal(breaker(), 'closed');
    for (const userId of others) assert.equal(await statusOf(userId), 'completed');
    assert.equal(server.delivered.size, 3, 'each welcome e-mail delivered once');
  });
});
