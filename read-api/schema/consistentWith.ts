import type { GraphQLContext } from '../context.js';
import type { ReadModelName } from '../gatewayServices.js';

/**
 * Read-your-writes: when the caller passes a consistency token, wait until the read models the field
 * reads have applied the log up to it (or fail with CONSISTENCY_TIMEOUT after CONSISTENCY_TIMEOUT_MS).
 */
export const consistentWith = async (ctx: GraphQLContext, position: number | null | undefined, projections: readonly ReadModelName[]): Promise<void> => {
  if (position === null || position === undefined || position === 0) return;
  const { consistency, consistencyTimeoutMs: timeoutMs } = ctx.services;
  await consistency.waitFor(position, ctx.signal ? { timeoutMs, projections, signal: ctx.signal } : { timeoutMs, projections });
};
