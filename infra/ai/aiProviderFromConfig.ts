import type { AiProvider } from '../../commands/ai/aiProvider.js';
import type { Log } from '../../commands/log.js';
import type { Config } from '../config.js';
import { failoverAiProvider } from './failoverAiProvider.js';
import { createLocalAiProvider } from './localAiProvider.js';
import { createOpenAiProvider } from './openAiProvider.js';
import { resilientAiProvider } from './resilientAiProvider.js';

type AiConfig = Pick<
  Config,
  'AI_PROVIDER' | 'AI_BASE_URL' | 'AI_API_KEY' | 'AI_CHAT_MODEL' | 'AI_EMBEDDING_MODEL' | 'AI_FALLBACK' | 'AI_TIMEOUT_MS' | 'AI_MAX_TRIES' | 'AI_PRICE_INPUT_PER_MTOK' | 'AI_PRICE_OUTPUT_PER_MTOK' | 'AI_PRICE_EMBEDDING_PER_MTOK'
>;

/**
 * The provider the configuration asks for: the local one (the embedded default), or an
 * OpenAI-compatible server with retries and a circuit breaker, failing over to the local one unless
 * AI_FALLBACK=none.
 */
export const aiProviderFromConfig = (config: AiConfig, log?: Log): AiProvider => {
  const local = createLocalAiProvider();
  if (config.AI_PROVIDER === 'local') return local;
  const openai = resilientAiProvider(
    createOpenAiProvider({
      apiKey: config.AI_API_KEY ?? 'none',
      baseUrl: config.AI_BASE_URL,
      chatModel: config.AI_CHAT_MODEL,
      embeddingModel: config.AI_EMBEDDING_MODEL,
      timeoutMs: config.AI_TIMEOUT_MS,
      pricing: { inputPerMillion: config.AI_PRICE_INPUT_PER_MTOK, outputPerMillion: config.AI_PRICE_OUTPUT_PER_MTOK, embeddingPerMillion: config.AI_PRICE_EMBEDDING_PER_MTOK },
    }),
    {
      retry: { tries: config.AI_MAX_TRIES, onRetry: ({ attempt, delayMs, error }) => log?.warn({ attempt, delayMs, err: error }, 'AI call failed, retrying') },
      circuit: { onStateChange: ({ from, to }) => log?.warn({ from, to }, 'AI circuit changed state') },
    },
  );
  if (config.AI_FALLBACK === 'none') return openai;
  return failoverAiProvider([openai, local], { onFailover: ({ from, to, error }) => log?.warn({ from, to, err: error }, 'AI provider failed over') });
};
