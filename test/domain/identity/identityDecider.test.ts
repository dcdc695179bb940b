import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IdentityCommand } from '../../../domain/identity/commands.js';
import type { IdentityEvent } from '../../../domain/identity/events.js';
import { identityDecider } from '../../../domain/identity/identityDecider.js';
import { fold } from '../../../domain/shared/decider.js';
import { DomainError } from '../../../domain/shared/domainError.js';

const metadata = { now: '2026-01-05T09:00:00.000Z' };
const profile = { userId: 'u1', email: 'ada@example.com', displayName: 'Ada', roles: ['energy.viewer' as const] };
const requested: IdentityEvent = { type: 'UserRegistrationRequested', data: { ...profile, requestedAt: metadata.now } };
const created: IdentityEvent = { type: 'UserCreated', data: { ...profile, createdAt: metadata.now } };
const granted: IdentityEvent = { type: 'PermissionsGranted', data: { userId: 'u1', permissions: ['alert.read', 'trade.read'], grantedAt: metadata.now } };
const command = (c: Omit<IdentityCommand, 'metadata'>): IdentityCommand => ({ ...c, metadata }) as IdentityCommand;
const given = (...events: IdentityEvent[]) => ({ when: (c: Omit<IdentityCommand, 'metadata'>) => identityDecider.decide(command(c), fold(identityDecider, events)) });
const throwsCode = (fn: () => unknown, code: string) => assert.throws(fn, (error: unknown) => error instanceof DomainError && error.code === code);

describe('identity (given events, when command, then events)', () => {
  it('registers once; the same registration again changes nothing; other details conflict', () => {
    assert.deepEqual(given().when({ type: 'RegisterUser', data: profile }), [requested]);
    assert.deepEqual(given(requested).when({ type: 'RegisterUser', data: profile }), []);
    throwsCode(() => given(requested).when({ type: 'RegisterUser', data: { ...profile, email: 'eve@example.com' } }), 'USER_ID_CONFLICT');
  });

  it('creates a requested user once; grants only missing permissions; needs the user created first', () => {
    assert.deepEqual(given(requested).when({ type: 'CreateUser', data: { userId: 'u1' } }), [created]);
    assert.deepEqual(given(requested, created).when({ type: 'CreateUser', data: { userId: 'u1' } }), []);
    throwsCode(() => given(requested).when({ type: 'GrantPermissions', data: { userId: 'u1', permissions: ['trade.read'] } }), 'USER_NOT_CREATED');
    assert.deepEqual(given(requested, created, granted).when({ type: 'GrantPermissions', data: { userId: 'u1', permissions: ['trade.read', 'saga.read'] } }), [
      { type: 'PermissionsGranted', data: { userId: 'u1', permissions: ['saga.read'], grantedAt: metadata.now } },
    ]);
    throwsCode(() => given().when({ type: 'CreateUser', data: { userId: 'u1' } }), 'USER_NOT_FOUND');
  });

  it('revokes every permission held and deactivates once; a deactivated user cannot be onboarded', () => {
    assert.deepEqual(given(requested, created, granted).when({ type: 'RevokePermissions', data: { userId: 'u1', reason: 'r' } }), [
      { type: 'PermissionsRevoked', data: { userId: 'u1', permissions: ['alert.read', 'trade.read'], reason: 'r', revokedAt: metadata.now } },
    ]);
    assert.deepEqual(given(requested, created).when({ type: 'RevokePermissions', data: { userId: 'u1', reason: 'r' } }), []);
    const deactivated: IdentityEvent = { type: 'UserDeactivated', data: { userId: 'u1', reason: 'r', deactivatedAt: metadata.now } };
    assert.deepEqual(given(requested, created).when({ type: 'DeactivateUser', data: { userId: 'u1', reason: 'r' } }), [deactivated]);
    assert.deepEqual(given(requested, created, deactivated).when({ type: 'DeactivateUser', data: { userId: 'u1', reason: 'r' } }), []);
    throwsCode(() => given(requested, created, deactivated).when({ type: 'CompleteOnboarding', data: { userId: 'u1', welcomeMessageId: null } }), 'USER_DEACTIVATED');
  });
});
