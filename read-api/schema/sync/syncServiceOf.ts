import type { GraphQLContext } from '../../context.js';
import { gatewayError } from '../../errors/gatewayError.js';
import type { SyncServices } from './syncServices.js';

/** The sync services of the gateway, or SERVICE_UNAVAILABLE when this process runs without them. */
export const syncServices = (ctx: GraphQLContext): SyncServices => {
  const services = ctx.services.sync;
  if (services === undefined) throw gatewayError('SERVICE_UNAVAILABLE', 'Data sync is not available in this process');
  return services;
};
