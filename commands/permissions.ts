import { allPermissions, permissionsOfRoles, rolePermissions, type Permission } from '../domain/identity/permissions.js';
import { ForbiddenError } from './errors.js';

/** The role map lives in domain/identity/permissions.ts; this module checks it. */
export { allPermissions, rolePermissions, type Permission };

/** The union of the permissions of `roles`; unknown roles grant nothing. */
export const permissionsFor = (roles: readonly string[]): ReadonlySet<Permission> => new Set(permissionsOfRoles(roles));

/** Throws ForbiddenError unless one of `roles` grants `permission`. */
export const authorise = (roles: readonly string[], permission: Permission): void => {
  if (!permissionsFor(roles).has(permission)) throw new ForbiddenError(permission);
};
