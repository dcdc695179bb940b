import type { AiMessage, AiProvider, AiUsage, CompleteOptions } from '../../commands/ai/aiProvider.js';
import { extractEntities } from '../../domain/documents/extractEntities.js';
import { extractiveSummary } from './extractiveSummary.js';
import { defaultDimensions, hashedEmbedding } from './hashedEmbedding.js';
import { estimateTokens } from './textTerms.js';

export type LocalAiOptions = Readonly<{ dimensions?: number; summarySentences?: number; now?: () => number }>;

/**
 * The embedded default: no network, no model download, deterministic. Embeddings are hashed bags of
 * words; a completion is an extractive summary of the last user message, and with
 * `responseFormat: 'json'` the object `{ summary, entities, instruments }` found by patterns.
 * Cost is zero; token counts are estimates.
 */
export const createLocalAiProvider = ({ dimensions = defaultDimensions, summarySentences = 3, now = performance.now.bind(performance) }: LocalAiOptions = {}): AiProvider => {
  const embeddingModel = `local-hashed-bow-${dimensions}`;
  const chatModel = 'local-extractive-1';
  const usage = (operation: AiUsage['operation'], model: string, prompt: string, completion: string, started: number): AiUsage => ({
    provider: 'local', model, operation, promptTokens: estimateTokens(prompt), completionTokens: estimateTokens(completion), costUsd: 0, latencyMs: Math.round(now() - started),
  });

  const answer = (messages: readonly AiMessage[], { responseFormat = 'text' }: CompleteOptions): string => {
    const text = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const summary = extractiveSummary(text, { sentences: summarySentences });
    if (responseFormat === 'text') return summary;
    const entities = extractEntities(text);
    return JSON.stringify({ summary, entities, instruments: entities.filter((e) => e.type === 'instrument').map((e) => e.value) });
  };

  return {
    name: 'local',
    embed: async (texts) => {
      const started = now();
      const vectors = texts.map((text) => hashedEmbedding(text, dimensions));
      return { vectors, usage: usage('embed', embeddingModel, texts.join('\n'), '', started) };
    },
    complete: async (messages, options = {}) => {
      const started = now();
      const text = answer(messages, options);
      return { text, usage: usage('complete', chatModel, messages.map((m) => m.content).join('\n'), text, started) };
    },
    health: async () => [{ provider: 'local', status: 'up', latencyMs: 0, detail: null }],
  };
};
