import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onboardingSaga } from '../../sagas/onboarding.js';
import type { SagaInput } from '../../sagas/saga.js';
import { permissionsOfRoles } from '../../domain/identity/permissions.js';
import { actionsOf, givenInputs } from './sagaSpecification.js';

const at = '2026-01-05T09:00:00.000Z';
const registered: SagaInput = {
  kind: 'event',
  id: 'event:e1',
  type: 'UserRegistrationRequested',
  data: { userId: 'u1', email: 'ada@example.com', displayName: 'Ada', roles: ['energy.trader'], requestedAt: at },
  at,
};
const ok = (key: string, result: Record<string, unknown> = {}): SagaInput => ({ kind: 'actionSucceeded', id: `${key}:ok`, key, name: key, result, at });
const failed = (key: string, code = 'BOOM'): SagaInput => ({ kind: 'actionFailed', id: `${key}:failed`, key, name: key, error: { code, message: 'it broke' }, attempts: 5, at });

const given = (...inputs: SagaInput[]) => givenInputs(onboardingSaga, inputs);

describe('onboarding saga (specification)', () => {
  it('starts on UserRegistrationRequested by creating the user', () => {
    const { reactions, state } = given(registered);
    assert.deepEqual(actionsOf(reactions[0]), [{ key: 'step:createUser', name: 'identity.createUser', input: { userId: 'u1' } }]);
    assert.deepEqual(onboardingSaga.describe(state).steps.map((s) => s.status), ['running', 'pending', 'pending', 'pending']);
  });

  it('runs the steps in order and completes, granting the permissions of the roles, passing the message id on', () => {
    const { reactions, state } = given(registered, ok('step:createUser'), ok('step:sendWelcomeEmail', { messageId: 'm-1' }), ok('step:assignPermissions'), ok('step:complete'));
    assert.deepEqual(actionsOf(reactions[1]), [{ key: 'step:sendWelcomeEmail', name: 'email.sendWelcome', input: { userId: 'u1', email: 'ada@example.com', displayName: 'Ada' } }]);
    assert.deepEqual(actionsOf(reactions[2]), [
      { key: 'step:assignPermissions', name: 'identity.grantPermissions', input: { userId: 'u1', permissions: permissionsOfRoles(['energy.trader']) } },
    ]);
    assert.deepEqual(actionsOf(reactions[3]), [{ key: 'step:complete', name: 'identity.completeOnboarding', input: { userId: 'u1', welcomeMessageId: 'm-1' } }]);
    assert.deepEqual(actionsOf(reactions[4]), []);
    assert.equal(onboardingSaga.describe(state).status, 'completed');
  });

  it('ignores a repeated start event and outcomes of actions it is not waiting for', () => {
    const { reactions } = given(registered, { ...registered, id: 'event:e2' }, ok('step:complete'), ok('step:createUser'), ok('step:createUser'));
    assert.equal(reactions[1], null);
    assert.equal(reactions[2], null);
    assert.notEqual(reactions[3], null);
    assert.equal(reactions[4], null);
  });

  it('fails at createUser with nothing to compensate', () => {
    const { state } = given(registered, failed('step:createUser', 'USER_DEACTIVATED'));
    const summary = onboardingSaga.describe(state);
    assert.equal(summary.status, 'failed');
    assert.deepEqual(summary.failure, { step: 'createUser', code: 'USER_DEACTIVATED', message: 'it broke' });
    assert.deepEqual(summary.steps.map((s) => s.status), ['failed', 'skipped', 'skipped', 'skipped']);
  });

  it('fails at sendWelcomeEmail: deactivates the user', () => {
    const { reactions, state } = given(registered, ok('step:createUser'), failed('step:sendWelcomeEmail', 'EMAIL_REJECTED'), ok('compensate:createUser'));
    assert.deepEqual(actionsOf(reactions[2]), [
      { key: 'compensate:createUser', name: 'identity.deactivateUser', input: { userId: 'u1', reason: 'onboarding failed at sendWelcomeEmail: EMAIL_REJECTED' } },
    ]);
    assert.deepEqual(onboardingSaga.describe(state).steps.map((s) => s.status), ['compensated', 'failed', 'skipped', 'skipped']);
    assert.equal(onboardingSaga.describe(state).status, 'failed');
  });

  it('fails at complete: revokes the permissions, then deactivates the user (reverse order)', () => {
    const { reactions, state } = given(
      registered, ok('step:createUser'), ok('step:sendWelcomeEmail', { messageId: 'm' }), ok('step:assignPermissions'), failed('step:complete'),
      ok('compensate:assignPermissions'), ok('compensate:createUser'),
    );
    assert.deepEqual(actionsOf(reactions[4]).map((a) => a.name), ['identity.revokePermissions']);
    assert.equal(onboardingSaga.describe(reactions[4]!.state).status, 'compensating');
    assert.deepEqual(actionsOf(reactions[5]).map((a) => a.name), ['identity.deactivateUser']);
    assert.deepEqual(actionsOf(reactions[6]), []);
    const summary = onboardingSaga.describe(state);
    assert.equal(summary.status, 'failed');
    assert.deepEqual(summary.steps.map((s) => s.status), ['compensated', 'done', 'compensated', 'failed']);
  });

  it('goes on compensating when a compensation fails, and marks it', () => {
    const { reactions, state } = given(
      registered, ok('step:createUser'), ok('step:sendWelcomeEmail'), failed('step:assignPermissions'), failed('compensate:createUser', 'STORE_DOWN'),
    );
    assert.deepEqual(actionsOf(reactions[3]).map((a) => a.name), ['identity.deactivateUser']);
    const summary = onboardingSaga.describe(state);
    assert.equal(summary.status, 'failed');
    assert.equal(summary.steps[0]?.status, 'compensationFailed');
    assert.equal(summary.steps[0]?.detail, 'STORE_DOWN: it broke');
  });
});
