import type { AiHealth, AiProvider } from '../../commands/ai/aiProvider.js';
import { AiError, isTransientAiError } from '../../commands/ai/aiError.js';
import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from '../resilience/circuitBreaker.js';
import { retry, type RetryOptions } from '../resilience/retry.js';

export type ResilienceOptions = Readonly<{
  retry?: RetryOptions;
  circuit?: CircuitBreakerOptions;
}>;

/**
 * Wraps a provider: every attempt goes through its circuit breaker, and transient failures (429,
 * 5xx, timeouts) are retried with backoff, honouring Retry-After. An open circuit is not retried, so
 * a failover chain moves on at once. A rejected request (4xx) is not retried, and the circuit counts it as
 * an answer, not a failure: the server is up.
 */
export const resilientAiProvider = (provider: AiProvider, options: ResilienceOptions = {}): AiProvider & { circuit: CircuitBreaker } => {
  const circuit = createCircuitBreaker(provider.name, { isFailure: isTransientAiError, ...options.circuit });
  const guarded = <T>(fn: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> =>
    retry(() => circuit.execute(fn), {
      retryable: isTransientAiError,
      retryAfterMs: (error) => (error instanceof AiError ? error.details.retryAfterMs : null),
      ...options.retry,
      ...(signal ? { signal } : {}),
    });

  const health = async (): Promise<readonly AiHealth[]> => {
    const state = circuit.state();
    if (state === 'open') return [{ provider: provider.name, status: 'down', latencyMs: 0, detail: 'circuit open' }];
    const inner = await provider.health();
    return state === 'closed' ? inner : inner.map((h) => ({ ...h, status: h.status === 'up' ? 'degraded' : h.status, detail: 'circuit half-open' }));
  };

  return {
    name: provider.name,
    circuit,
    embed: (texts, options = {}) => guarded(() => provider.embed(texts, options), options.signal),
    complete: (messages, options = {}) => guarded(() => provider.complete(messages, options), options.signal),
    health,
  };
};
