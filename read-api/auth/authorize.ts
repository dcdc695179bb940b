import { permissionsFor, type Permission } from '../../commands/permissions.js';
import type { GraphQLContext } from '../context.js';
import type { CallerContext } from '../gatewayServices.js';
import { forbidden, unauthenticated } from '../errors/gatewayError.js';
import type { Principal } from './principal.js';

/** The caller, or UNAUTHENTICATED. */
export const requirePrincipal = (ctx: GraphQLContext): Principal => {
  if (ctx.auth.kind === 'anonymous') throw unauthenticated(ctx.auth.reason);
  return ctx.auth.principal;
};

/** The caller when one of their roles grants `permission`; else UNAUTHENTICATED or FORBIDDEN. */
export const requirePermission = (ctx: GraphQLContext, permission: Permission): Principal => {
  const principal = requirePrincipal(ctx);
  if (!permissionsFor(principal.roles).has(permission)) throw forbidden(permission);
  return principal;
};

/** The caller as a command sees it. The command bus checks its own permission. */
export const callerContext = (ctx: GraphQLContext): CallerContext => {
  const { sub, tenant, roles } = requirePrincipal(ctx);
  const { correlationId, traceparent } = ctx.identity;
  return { tenant, actor: sub, roles, correlationId, traceparent };
};
