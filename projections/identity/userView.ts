import type { RecordedEvent } from '../../commands/eventStore.js';
import { parseIdentityEvent } from '../../domain/identity/events.js';

/** A user as the read model and GraphQL show them. */
export type UserView = Readonly<{
  id: string;
  tenant: string;
  email: string;
  displayName: string;
  roles: readonly string[];
  permissions: readonly string[];
  status: 'REQUESTED' | 'CREATED' | 'ACTIVE' | 'DEACTIVATED';
  /** Why the user was deactivated. */
  reason: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}>;

export const userViewKey = (tenant: string, id: string): string => `${tenant}\n${id}`;

export const userKeyOf = (event: RecordedEvent): string | null =>
  typeof event.data['userId'] === 'string' ? userViewKey(event.metadata.tenant, event.data['userId']) : null;

/** Folds one identity event into its user's view. */
export const evolveUserView = (view: UserView | null, event: RecordedEvent): UserView | null => {
  const parsed = parseIdentityEvent(event);
  if (parsed === null) return view;
  const { version } = event;
  switch (parsed.type) {
    case 'UserRegistrationRequested': {
      const { userId, email, displayName, roles, requestedAt } = parsed.data;
      return { id: userId, tenant: event.metadata.tenant, email, displayName, roles, permissions: [], status: 'REQUESTED', reason: null, version, createdAt: requestedAt, updatedAt: requestedAt };
    }
    case 'UserCreated':
      return view && { ...view, status: 'CREATED', version, updatedAt: parsed.data.createdAt };
    case 'PermissionsGranted':
      return view && { ...view, permissions: [...new Set([...view.permissions, ...parsed.data.permissions])].sort(), version, updatedAt: parsed.data.grantedAt };
    case 'UserOnboarded':
      return view && { ...view, status: 'ACTIVE', version, updatedAt: parsed.data.onboardedAt };
    case 'PermissionsRevoked':
      return view && { ...view, permissions: view.permissions.filter((p) => !(parsed.data.permissions as readonly string[]).includes(p)), version, updatedAt: parsed.data.revokedAt };
    case 'UserDeactivated':
      return view && { ...view, status: 'DEACTIVATED', reason: parsed.data.reason, version, updatedAt: parsed.data.deactivatedAt };
  }
};
