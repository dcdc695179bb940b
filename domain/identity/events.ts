import { z } from 'zod';
import type { EventOf } from '../shared/eventOf.js';
import { allPermissions, userRoles } from './permissions.js';

/** Identity events, declared once in zod. A user's stream is `user-<userId>`. */
export const userRole = z.enum(userRoles);
export const permission = z.enum(allPermissions);

export const userRegistrationRequested = z.object({
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(userRole),
  requestedAt: z.string(),
});
export const userCreated = z.object({ userId: z.string(), email: z.string(), displayName: z.string(), roles: z.array(userRole), createdAt: z.string() });
export const permissionsGranted = z.object({ userId: z.string(), permissions: z.array(permission), grantedAt: z.string() });
export const userOnboarded = z.object({ userId: z.string(), welcomeMessageId: z.string().nullable(), onboardedAt: z.string() });
export const permissionsRevoked = z.object({ userId: z.string(), permissions: z.array(permission), reason: z.string(), revokedAt: z.string() });
export const userDeactivated = z.object({ userId: z.string(), reason: z.string(), deactivatedAt: z.string() });

export const identityEventSchemas = {
  UserRegistrationRequested: userRegistrationRequested,
  UserCreated: userCreated,
  PermissionsGranted: permissionsGranted,
  UserOnboarded: userOnboarded,
  PermissionsRevoked: permissionsRevoked,
  UserDeactivated: userDeactivated,
} as const;

type Schemas = typeof identityEventSchemas;
export type IdentityEventType = keyof Schemas;
export type IdentityEvent = EventOf<Schemas>;
export const identityEventTypes = Object.keys(identityEventSchemas) as IdentityEventType[];

export const userStreamId = (userId: string): string => `user-${userId}`;

const isIdentityEventType = (type: string): type is IdentityEventType => Object.hasOwn(identityEventSchemas, type);

/** A stored event as a typed identity event, its payload checked; null for other types. */
export const parseIdentityEvent = ({ type, data }: Readonly<{ type: string; data: unknown }>): IdentityEvent | null =>
  isIdentityEventType(type) ? ({ type, data: identityEventSchemas[type].parse(data) } as IdentityEvent) : null;
