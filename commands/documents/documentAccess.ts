import { ForbiddenError } from '../errors.js';
import type { Permission } from '../permissions.js';

/**
 * Who may upload and read documents, from DOMAIN.md (every user role searches and views; traders,
 * analysts and admins upload; the saga processes). Kept here until domain/identity/permissions.ts
 * gains document permissions; ForbiddenError names the closest existing permission.
 */
const uploaders = new Set(['energy.admin', 'energy.analyst', 'energy.trader']);
const readers = new Set([...uploaders, 'energy.viewer', 'saga']);
const processors = new Set(['energy.admin', 'saga']);

const check = (roles: readonly string[], allowed: ReadonlySet<string>, permission: string): void => {
  if (!roles.some((role) => allowed.has(role))) throw new ForbiddenError(permission as Permission);
};

export const authoriseUpload = (roles: readonly string[]): void => check(roles, uploaders, 'document.upload');
export const authoriseRead = (roles: readonly string[]): void => check(roles, readers, 'document.read');
export const authoriseProcessing = (roles: readonly string[]): void => check(roles, processors, 'document.process');
