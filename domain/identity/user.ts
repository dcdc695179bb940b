import type { Permission, UserRole } from './permissions.js';

/**
 * A user's lifecycle: `requested` by registerUser, `created` and given permissions by the onboarding
 * saga, `active` once onboarded; `deactivated` when onboarding is undone or an admin deactivates them.
 */
export type UserProfile = Readonly<{ userId: string; email: string; displayName: string; roles: readonly UserRole[] }>;

export type User =
  | Readonly<{ status: 'none' }>
  | (UserProfile & Readonly<{ status: 'requested' | 'created' | 'active' | 'deactivated'; permissions: readonly Permission[]; reason: string | null }>);

export const initialState = (): User => ({ status: 'none' });
