import { z } from 'zod';
import { permission, userRole } from './events.js';

/** Identity commands: `data` is what a caller (or the onboarding saga) sends; `metadata.now` is added by the bus. */
const USER_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
export const userId = z.string().regex(USER_ID_PATTERN, 'letters, digits and _ . : - only, at most 128');

export const registerUserData = z.object({
  userId,
  email: z.string().trim().toLowerCase().email().max(254),
  displayName: z.string().trim().min(1).max(128),
  roles: z.array(userRole).min(1).max(4),
});
export const createUserData = z.object({ userId });
export const grantPermissionsData = z.object({ userId, permissions: z.array(permission) });
export const completeOnboardingData = z.object({ userId, welcomeMessageId: z.string().nullable().default(null) });
export const revokePermissionsData = z.object({ userId, reason: z.string().max(500) });
export const deactivateUserData = z.object({ userId, reason: z.string().max(500) });

export type IdentityCommandMetadata = Readonly<{ now: string }>;

type Of<T extends string, S extends z.ZodType> = Readonly<{ type: T; data: z.infer<S>; metadata: IdentityCommandMetadata }>;
export type RegisterUser = Of<'RegisterUser', typeof registerUserData>;
export type CreateUser = Of<'CreateUser', typeof createUserData>;
export type GrantPermissions = Of<'GrantPermissions', typeof grantPermissionsData>;
export type CompleteOnboarding = Of<'CompleteOnboarding', typeof completeOnboardingData>;
export type RevokePermissions = Of<'RevokePermissions', typeof revokePermissionsData>;
export type DeactivateUser = Of<'DeactivateUser', typeof deactivateUserData>;
export type IdentityCommand = RegisterUser | CreateUser | GrantPermissions | CompleteOnboarding | RevokePermissions | DeactivateUser;
