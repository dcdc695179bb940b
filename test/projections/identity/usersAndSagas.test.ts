import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { EventStore } from '../../../commands/eventStore.js';
import { createIdentityCommands, type IdentityCommands } from '../../../commands/identity/identityCommands.js';
import { createLocalMailbox } from '../../../infra/email/localMailbox.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { createInProcessChangeFeed, type Change } from '../../../projections/changeFeed.js';
import { getUser, usersProjection } from '../../../projections/identity/usersProjection.js';
import { createProjectionRuntime, type ProjectionRuntime } from '../../../projections/runtime.js';
import { PermanentFailure } from '../../../sagas/actionHandler.js';
import { onboardingSaga } from '../../../sagas/onboarding.js';
import { createOnboardingHandlers } from '../../../sagas/onboardingHandlers.js';
import { sagasProjection } from '../../../sagas/sagaProjection.js';
import { getSaga, listSagas } from '../../../sagas/sagaQueries.js';
import { createSagaRuntime } from '../../../sagas/sagaRuntime.js';
import { createTestDb, type TestDb } from '../../support/testDb.js';
import { permissionsOfRoles } from '../../../domain/identity/permissions.js';

let db: TestDb;
let store: EventStore;
let identity: IdentityCommands;
let runtime: ProjectionRuntime;
const published: Change[] = [];
const admin = { tenant: 'acme', actor: 'admin', roles: ['energy.admin'], correlationId: randomUUID(), traceparent: null };

before(async () => {
  db = await createTestDb('projections_users_sagas');
  store = createPostgresEventStore(db);
  identity = createIdentityCommands({ store });
  const feed = createInProcessChangeFeed();
  feed.subscribe((change) => published.push(change));
  runtime = createProjectionRuntime({ db, store, feed, projections: [usersProjection, sagasProjection], idleWaitMs: 50 });
  await runtime.start();
});
after(async () => {
  await runtime.stop();
  await store.close();
  await db.close();
});

describe('users and sagas read models', () => {
  it('show an onboarded user with the permissions of their roles, and the completed saga with each step', async () => {
    const { userId } = await identity.registerUser({ email: 'ada@example.com', displayName: 'Ada', roles: ['energy.trader'] }, admin);
    await createSagaRuntime({ db, store, sagas: [onboardingSaga], handlers: createOnboardingHandlers({ identity, email: createLocalMailbox({ sql: db }) }) }).drain();
    await runtime.waitFor(await store.headPosition());
    const user = await getUser(db, { tenant: 'acme', id: userId });
    assert.equal(user?.status, 'ACTIVE');
    assert.deepEqual(user?.permissions, permissionsOfRoles(['energy.trader']));
    const saga = await getSaga(db, { tenant: 'acme', id: `onboarding-${userId}` });
    assert.equal(saga?.status, 'completed');
    assert.equal(saga?.version, 5);
    assert.deepEqual(saga?.steps.map((s) => `${s.name}:${s.status}`), ['createUser:done', 'sendWelcomeEmail:done', 'assignPermissions:done', 'complete:done']);
    const statuses = published.flatMap((c) => c.changes).flatMap((item) => (item.kind === 'saga' && item.saga.sagaId === userId ? [item.saga.status] : []));
    assert.deepEqual(statuses, ['running', 'running', 'running', 'running', 'completed']);
  });

  it('show a deactivated user with the reason, and the failed saga with the failing step', async () => {
    const { userId } = await identity.registerUser({ email: 'bob@example.com', displayName: 'Bob', roles: ['energy.viewer'] }, admin);
    const handlers = { ...createOnboardingHandlers({ identity, email: createLocalMailbox({ sql: db }) }), 'identity.completeOnboarding': async () => { throw new PermanentFailure('DIRECTORY_DOWN', 'directory refused'); } };
    await createSagaRuntime({ db, store, sagas: [onboardingSaga], handlers, name: 'failing' }).drain();
    await runtime.waitFor(await store.headPosition());
    const user = await getUser(db, { tenant: 'acme', id: userId });
    assert.equal(user?.status, 'DEACTIVATED');
    assert.deepEqual(user?.permissions, []);
    assert.equal(user?.reason, 'onboarding failed at complete: DIRECTORY_DOWN');
    const failed = await listSagas(db, { tenant: 'acme', name: 'onboarding', status: 'failed' });
    assert.deepEqual(failed.map((s) => [s.sagaId, s.failure]), [[userId, { step: 'complete', code: 'DIRECTORY_DOWN', message: 'directory refused' }]]);
    assert.deepEqual(await listSagas(db, { tenant: 'globex' }), []);
  });
});
