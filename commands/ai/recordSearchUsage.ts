import { aiUsageRecorded } from '../../domain/documents/events.js';
import type { AiUsage } from './aiProvider.js';
import { newEvent, type CommandContext } from '../commandBus.js';
import type { EventStore } from '../eventStore.js';

/** `aiusage-<tenant>`: the AI calls of a tenant that belong to no document (search queries). */
export const aiUsageStreamId = (tenant: string): string => `aiusage-${tenant}`;

/**
 * Records the embedding of a search query as AiUsageRecorded (purpose `search.query`, no document), so
 * the tenant's usage and budget count it. A fact with no rule to check: appended at any version.
 */
export const recordSearchUsage = async (store: EventStore, usage: AiUsage, context: CommandContext, now: Date = new Date()): Promise<void> => {
  const { provider, model, operation, promptTokens, completionTokens, costUsd, latencyMs } = usage;
  const data = aiUsageRecorded.parse({ documentId: null, purpose: 'search.query', provider, model, operation, promptTokens, completionTokens, costUsd, latencyMs: Math.round(latencyMs), recordedAt: now.toISOString() });
  await store.append(aiUsageStreamId(context.tenant), [newEvent({ type: 'AiUsageRecorded', data }, context)], { expectedVersion: 'any' });
};
