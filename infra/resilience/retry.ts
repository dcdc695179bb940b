import { sleep as realSleep, type Sleep } from './sleep.js';

export type RetryAttempt = Readonly<{ attempt: number; error: unknown; delayMs: number }>;

export type RetryOptions = Readonly<{
  /** Total tries, the first one included (3: one call and two retries). */
  tries?: number;
  /** Delay before the first retry; each later one is `factor` times the previous. */
  baseDelayMs?: number;
  factor?: number;
  /** No single wait is longer; a Retry-After hint above it gives up instead of waiting. */
  maxDelayMs?: number;
  /** Stop retrying once this much time has passed since the first try (measured with `now`). */
  maxElapsedMs?: number;
  /** Fraction of each backoff delay randomised away (0 = none, 0.5 = up to half). */
  jitter?: number;
  /** Whether an error is worth another try (default: every error). */
  retryable?: (error: unknown) => boolean;
  /** A server's hint, e.g. from an HTTP Retry-After header, in milliseconds; null when none. */
  retryAfterMs?: (error: unknown) => number | null;
  onRetry?: (attempt: RetryAttempt) => void;
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
  signal?: AbortSignal;
}>;

export const defaultRetry = { tries: 3, baseDelayMs: 1000, factor: 2, maxDelayMs: 30_000 } as const;

/** The wait before retry number `retry` (1-based): the hint when there is one, else exponential backoff. */
export const retryDelay = (
  retry: number,
  hintMs: number | null,
  { baseDelayMs = defaultRetry.baseDelayMs, factor = defaultRetry.factor, maxDelayMs = defaultRetry.maxDelayMs, jitter = 0, random = Math.random }: RetryOptions = {},
): number | null => {
  if (hintMs !== null) return hintMs > maxDelayMs ? null : Math.max(0, hintMs);
  const backoff = Math.min(maxDelayMs, baseDelayMs * factor ** (retry - 1));
  return Math.round(backoff * (1 - jitter * random()));
};

/**
 * Calls `fn` until it resolves or the tries are used up; rethrows the last error. Errors that are not
 * `retryable`, and waits that would pass `maxDelayMs` or `maxElapsedMs`, end the loop at once.
 */
export const retry = async <T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> => {
  const { tries = defaultRetry.tries, retryable = () => true, retryAfterMs = () => null, onRetry, sleep = realSleep, now = Date.now, maxElapsedMs = Number.POSITIVE_INFINITY, signal } = options;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= tries || signal?.aborted || !retryable(error)) throw error;
      const delayMs = retryDelay(attempt, retryAfterMs(error), options);
      if (delayMs === null || now() - started + delayMs > maxElapsedMs) throw error;
      onRetry?.({ attempt, error, delayMs });
      await sleep(delayMs, signal);
    }
  }
};
