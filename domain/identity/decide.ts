import { assertNever } from '../shared/domainError.js';
import type { IdentityCommand, RegisterUser } from './commands.js';
import type { IdentityEvent } from './events.js';
import { identityError } from './identityError.js';
import type { User } from './user.js';

type Known = Exclude<User, { status: 'none' }>;

const sameRequest = ({ data }: RegisterUser, user: Known): boolean =>
  data.email === user.email && data.displayName === user.displayName && data.roles.join() === user.roles.join();

const known = (state: User, userId: string): Known => {
  if (state.status === 'none') throw identityError('USER_NOT_FOUND', `User ${userId} not found`, { userId });
  return state;
};

const notDeactivated = (user: Known): Known => {
  if (user.status === 'deactivated') throw identityError('USER_DEACTIVATED', `User ${user.userId} is deactivated`, { userId: user.userId });
  return user;
};

const created = (user: Known): Known => {
  if (user.status === 'requested') throw identityError('USER_NOT_CREATED', `User ${user.userId} is not created yet`, { userId: user.userId });
  return notDeactivated(user);
};

/** Identity rules: the events a command causes ([] when it changes nothing: every command is idempotent). */
export const decide = (command: IdentityCommand, state: User): IdentityEvent[] => {
  const { now } = command.metadata;
  const { userId } = command.data;
  switch (command.type) {
    case 'RegisterUser': {
      if (state.status !== 'none') {
        if (sameRequest(command, state)) return [];
        throw identityError('USER_ID_CONFLICT', `User ${userId} was already registered with other details`, { userId });
      }
      const { email, displayName, roles } = command.data;
      return [{ type: 'UserRegistrationRequested', data: { userId, email, displayName, roles, requestedAt: now } }];
    }
    case 'CreateUser': {
      const user = notDeactivated(known(state, userId));
      if (user.status !== 'requested') return [];
      const { email, displayName, roles } = user;
      return [{ type: 'UserCreated', data: { userId, email, displayName, roles: [...roles], createdAt: now } }];
    }
    case 'GrantPermissions': {
      const user = created(known(state, userId));
      const missing = command.data.permissions.filter((p) => !user.permissions.includes(p));
      return missing.length === 0 ? [] : [{ type: 'PermissionsGranted', data: { userId, permissions: missing, grantedAt: now } }];
    }
    case 'CompleteOnboarding': {
      const user = created(known(state, userId));
      return user.status === 'active' ? [] : [{ type: 'UserOnboarded', data: { userId, welcomeMessageId: command.data.welcomeMessageId, onboardedAt: now } }];
    }
    case 'RevokePermissions': {
      const user = known(state, userId);
      if (user.permissions.length === 0) return [];
      return [{ type: 'PermissionsRevoked', data: { userId, permissions: [...user.permissions], reason: command.data.reason, revokedAt: now } }];
    }
    case 'DeactivateUser': {
      const user = known(state, userId);
      return user.status === 'deactivated' ? [] : [{ type: 'UserDeactivated', data: { userId, reason: command.data.reason, deactivatedAt: now } }];
    }
    default:
      return assertNever(command);
  }
};
