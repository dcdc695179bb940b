import type { GraphQLContext } from '../../context.js';
import { gatewayError } from '../../errors/gatewayError.js';
import type { AutomationServices } from './automationServices.js';

/** The automation services of the gateway, or SERVICE_UNAVAILABLE when this process runs without them. */
export const automationServices = (ctx: GraphQLContext): AutomationServices => {
  const services = ctx.services.automations;
  if (services === undefined) throw gatewayError('SERVICE_UNAVAILABLE', 'Automations are not available in this process');
  return services;
};
