import OpenAI from 'openai';
import type { AiProvider, AiUsage } from '../../commands/ai/aiProvider.js';
import { AiError } from '../../commands/ai/aiError.js';
import { aiCost, type AiPricing } from './aiPricing.js';
import { translateOpenAiError } from './translateOpenAiError.js';

export type OpenAiProviderOptions = Readonly<{
  /** Names the provider in usage records and health, e.g. `openai` or `azure`. */
  name?: string;
  apiKey: string;
  /** Any OpenAI-compatible server (Azure OpenAI, Ollama, vLLM...); null for api.openai.com. */
  baseUrl: string | null;
  chatModel: string;
  embeddingModel: string;
  pricing: AiPricing;
  timeoutMs?: number;
  /** Texts per embeddings request. */
  embeddingBatchSize?: number;
  now?: () => number;
}>;

/**
 * The OpenAI-compatible adapter. The client's own retries are off: retries with Retry-After, the
 * circuit breaker and failover are the chain's job (resilientAiProvider, failoverAiProvider).
 */
export const createOpenAiProvider = (options: OpenAiProviderOptions): AiProvider => {
  const { name = 'openai', apiKey, baseUrl, chatModel, embeddingModel, pricing, timeoutMs = 30_000, embeddingBatchSize = 64, now = performance.now.bind(performance) } = options;
  const client = new OpenAI({ apiKey, baseURL: baseUrl, timeout: timeoutMs, maxRetries: 0 });
  const usage = (operation: AiUsage['operation'], model: string, promptTokens: number, completionTokens: number, started: number): AiUsage => ({
    provider: name, model, operation, promptTokens, completionTokens, costUsd: aiCost(pricing, operation, promptTokens, completionTokens), latencyMs: Math.round(now() - started),
  });
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw translateOpenAiError(error, name);
    }
  };

  const embedBatch = async (texts: readonly string[], signal: AbortSignal | undefined) => {
    const response = await call(() => client.embeddings.create({ model: embeddingModel, input: [...texts], encoding_format: 'float' }, signal ? { signal } : {}));
    const vectors = [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    if (vectors.length !== texts.length) throw new AiError('AI_BAD_RESPONSE', `${name}: ${vectors.length} embeddings for ${texts.length} texts`, { provider: name, status: null, retryAfterMs: null });
    return { vectors, tokens: response.usage?.prompt_tokens ?? 0, model: response.model || embeddingModel };
  };

  return {
    name,
    embed: async (texts, { signal } = {}) => {
      const started = now();
      const vectors: number[][] = [];
      let tokens = 0;
      let model = embeddingModel;
      for (let i = 0; i < texts.length; i += embeddingBatchSize) {
        const batch = await embedBatch(texts.slice(i, i + embeddingBatchSize), signal);
        vectors.push(...batch.vectors);
        tokens += batch.tokens;
        model = batch.model;
      }
      return { vectors, usage: usage('embed', model, tokens, 0, started) };
    },
    complete: async (messages, { maxTokens, temperature, responseFormat = 'text', signal } = {}) => {
      const started = now();
      const response = await call(() =>
        client.chat.completions.create(
          {
            model: chatModel,
            messages: messages.map((m) => ({ role: m.role, content: m.content })),
            ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
            ...(temperature === undefined ? {} : { temperature }),
            ...(responseFormat === 'json' ? { response_format: { type: 'json_object' as const } } : {}),
          },
          signal ? { signal } : {},
        ),
      );
      const text = response.choices[0]?.message.content;
      if (typeof text !== 'string') throw new AiError('AI_BAD_RESPONSE', `${name}: the completion has no content`, { provider: name, status: null, retryAfterMs: null });
      return { text, usage: usage('complete', response.model || chatModel, response.usage?.prompt_tokens ?? 0, response.usage?.completion_tokens ?? 0, started) };
    },
    health: async () => {
      const started = now();
      try {
        await call(() => client.models.list());
        return [{ provider: name, status: 'up', latencyMs: Math.round(now() - started), detail: null }];
      } catch (error) {
        return [{ provider: name, status: 'down', latencyMs: Math.round(now() - started), detail: error instanceof Error ? error.message : String(error) }];
      }
    },
  };
};
