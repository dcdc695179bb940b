import { ConsistencyTimeoutError } from './consistencyTimeoutError.js';

export const defaultConsistencyTimeoutMs = 5000;

export type WaitOptions = Readonly<{
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Wait only for these projections (by name); every projection when absent. */
  projections?: readonly string[];
}>;

type Waiter = Readonly<{ token: number; projections: readonly string[] | undefined; resolve: () => void }>;

/**
 * Read-your-writes waiters: `waitFor(token)` resolves once `current(projections)` reaches the token;
 * `notify()` is called whenever a position may have moved. Rejects with ConsistencyTimeoutError after
 * the timeout, or with the signal's reason when it aborts.
 */
export const createPositionWaiters = (current: (projections?: readonly string[]) => number) => {
  const waiters = new Set<Waiter>();
  return {
    notify: (): void => {
      for (const waiter of waiters) if (current(waiter.projections) >= waiter.token) waiter.resolve();
    },
    waitFor: (token: number, { timeoutMs = defaultConsistencyTimeoutMs, signal, projections }: WaitOptions = {}): Promise<void> => {
      if (current(projections) >= token) return Promise.resolve();
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise((resolve, reject) => {
        const settle = (error?: unknown) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          signal?.removeEventListener('abort', onAbort);
          if (error === undefined) resolve();
          else reject(error);
        };
        const onAbort = () => settle(signal?.reason);
        const waiter: Waiter = { token, projections, resolve: () => settle() };
        const timer = setTimeout(() => settle(new ConsistencyTimeoutError(token, current(projections), timeoutMs)), timeoutMs);
        signal?.addEventListener('abort', onAbort, { once: true });
        waiters.add(waiter);
      });
    },
  };
};
