/**
 * What a caller may do. Roles (from the JWT, and a user's registration) map to permissions, and only
 * permissions are checked. The gateway and the command bus take this map from here.
 */
export const allPermissions = [
  'trade.place',
  'trade.cancel',
  'trade.fill',
  'trade.read',
  'user.register',
  'user.read',
  'user.manage',
  'alert.raise',
  'alert.read',
  'alert.acknowledge',
  'alert.resolve',
  'alert.escalate',
  'saga.read',
  'sync.record',
  'sync.read',
  'sync.resolve',
  'automation.manage',
  'automation.read',
  'document.upload',
  'document.read',
  'document.process',
] as const;

export type Permission = (typeof allPermissions)[number];

/** The roles a user can be given; service roles (venue, saga, monitor) are for machines. */
export const userRoles = ['energy.trader', 'energy.analyst', 'energy.viewer', 'energy.admin'] as const;
export type UserRole = (typeof userRoles)[number];

export const rolePermissions: Readonly<Record<string, readonly Permission[]>> = {
  'energy.admin': allPermissions,
  'energy.trader': ['trade.place', 'trade.cancel', 'trade.read', 'alert.read', 'alert.acknowledge', 'document.upload', 'document.read'],
  'energy.analyst': ['trade.read', 'alert.read', 'alert.raise', 'sync.read', 'sync.resolve', 'document.upload', 'document.read'],
  'energy.viewer': ['trade.read', 'alert.read', 'document.read'],
  /** A trading venue's service account records fills. */
  venue: ['trade.fill', 'trade.read'],
  /** A monitoring system raises and resolves alerts. */
  monitor: ['alert.raise', 'alert.resolve', 'alert.read'],
  /** Another system (the knowledge base, a CRM) reports changes to shared records. */
  integration: ['sync.record', 'sync.read'],
  /** An automation's command action acts as this service role. */
  automation: ['alert.raise', 'alert.read'],
  /** The saga runtime acts on behalf of the platform. */
  saga: ['user.manage', 'user.read', 'alert.escalate', 'alert.read', 'trade.place', 'trade.cancel', 'trade.fill', 'trade.read', 'document.read', 'document.process'],
};

/** The union of the permissions of `roles`, sorted; unknown roles grant nothing. */
export const permissionsOfRoles = (roles: readonly string[]): Permission[] =>
  [...new Set(roles.flatMap((role) => (Object.hasOwn(rolePermissions, role) ? (rolePermissions[role] ?? []) : [])))].sort();
