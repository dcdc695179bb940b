import { assertNever } from '../shared/domainError.js';
import type { IdentityEvent } from './events.js';
import type { User } from './user.js';

/** Applies an identity event to a user; never throws (events are facts). */
export const evolve = (state: User, event: IdentityEvent): User => {
  switch (event.type) {
    case 'UserRegistrationRequested': {
      const { userId, email, displayName, roles } = event.data;
      return { status: 'requested', userId, email, displayName, roles, permissions: [], reason: null };
    }
    case 'UserCreated':
      return state.status === 'none' ? state : { ...state, status: 'created' };
    case 'PermissionsGranted':
      return state.status === 'none' ? state : { ...state, permissions: [...new Set([...state.permissions, ...event.data.permissions])].sort() };
    case 'UserOnboarded':
      return state.status === 'none' ? state : { ...state, status: 'active' };
    case 'PermissionsRevoked':
      return state.status === 'none' ? state : { ...state, permissions: state.permissions.filter((p) => !event.data.permissions.includes(p)) };
    case 'UserDeactivated':
      return state.status === 'none' ? state : { ...state, status: 'deactivated', reason: event.data.reason };
    default:
      return assertNever(event);
  }
};
