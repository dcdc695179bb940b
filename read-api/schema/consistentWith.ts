import type { GraphQLContext } from '../context.js';

/**
 * Read-your-writes: when the caller passes a consistency token, wait until the read models have
 * applied the log up to it (or fail with CONSISTENCY_TIMEOUT after CONSISTENCY_TIMEOUT_MS).
 */
export const consistentWith = async (ctx: GraphQLContext, position: number | null | undefined): Promise<void> => {
  if (position === null || position === undefined || position === 0) return;
  const { consistency, consistencyTimeoutMs } = ctx.services;
  await consistency.waitFor(position, ctx.signal ? { timeoutMs: consistencyTimeoutMs, signal: ctx.signal } : { timeoutMs: consistencyTimeoutMs });
};
