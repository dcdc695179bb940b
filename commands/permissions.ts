import { ForbiddenError } from './errors.js';

/** What a caller may do; roles (from the JWT) map to permissions, and only permissions are checked. */
export type Permission = 'trade.place' | 'trade.cancel' | 'trade.fill' | 'trade.read';

export const allPermissions: readonly Permission[] = ['trade.place', 'trade.cancel', 'trade.fill', 'trade.read'];

export const rolePermissions: Readonly<Record<string, readonly Permission[]>> = {
  'energy.admin': allPermissions,
  'energy.trader': ['trade.place', 'trade.cancel', 'trade.read'],
  'energy.analyst': ['trade.read'],
  'energy.viewer': ['trade.read'],
  /** A trading venue's service account records fills. */
  venue: ['trade.fill', 'trade.read'],
};

/** The union of the permissions of `roles`; unknown roles grant nothing. */
export const permissionsFor = (roles: readonly string[]): ReadonlySet<Permission> =>
  new Set(roles.flatMap((role) => (Object.hasOwn(rolePermissions, role) ? (rolePermissions[role] ?? []) : [])));

/** Throws ForbiddenError unless one of `roles` grants `permission`. */
export const authorise = (roles: readonly string[], permission: Permission): void => {
  if (!permissionsFor(roles).has(permission)) throw new ForbiddenError(permission);
};
