import type { AiProvider } from '../../commands/ai/aiProvider.js';

export type FailoverOptions = Readonly<{
  /** Called when `from` failed and `to` is tried next. */
  onFailover?: (event: Readonly<{ from: string; to: string; error: unknown }>) => void;
}>;

/**
 * Tries the providers in order (primary, then fallbacks) and answers with the first that succeeds;
 * the result's usage names the one that answered. Throws the last error when all fail; a call the
 * caller aborted is not failed over. Note that embeddings of different models are not comparable:
 * the search index keeps each chunk's embedding model and compares only like with like.
 */
export const failoverAiProvider = (providers: readonly AiProvider[], { onFailover }: FailoverOptions = {}): AiProvider => {
  if (providers.length === 0) throw new Error('failoverAiProvider needs at least one provider');
  const first = async <T>(fn: (provider: AiProvider) => Promise<T>, signal: AbortSignal | undefined): Promise<T> => {
    let lastError: unknown;
    for (const [i, provider] of providers.entries()) {
      try {
        return await fn(provider);
      } catch (error) {
        lastError = error;
        const next = providers[i + 1];
        if (signal?.aborted || next === undefined) break;
        onFailover?.({ from: provider.name, to: next.name, error });
      }
    }
    throw lastError;
  };

  return {
    name: providers.map((p) => p.name).join('>'),
    embed: (texts, options = {}) => first((p) => p.embed(texts, options), options.signal),
    complete: (messages, options = {}) => first((p) => p.complete(messages, options), options.signal),
    health: async () => (await Promise.all(providers.map((p) => p.health()))).flat(),
  };
};
