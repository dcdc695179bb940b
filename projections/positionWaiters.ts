import { ConsistencyTimeoutError } from './consistencyTimeoutError.js';

export const defaultConsistencyTimeoutMs = 5000;

export type WaitOptions = Readonly<{ timeoutMs?: number; signal?: AbortSignal }>;

type Waiter = Readonly<{ token: number; resolve: () => void }>;

/**
 * Read-your-writes waiters: `waitFor(token)` resolves once `current()` reaches the token; `notify()` is
 * called whenever it may have moved. Rejects with ConsistencyTimeoutError after the timeout, or with
 * the signal's reason when it aborts.
 */
export const createPositionWaiters = (current: () => number) => {
  const waiters = new Set<Waiter>();
  return {
    notify: (): void => {
      const reached = current();
      for (const waiter of waiters) if (reached >= waiter.token) waiter.resolve();
    },
    waitFor: (token: number, { timeoutMs = defaultConsistencyTimeoutMs, signal }: WaitOptions = {}): Promise<void> => {
      if (current() >= token) return Promise.resolve();
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
        const waiter: Waiter = { token, resolve: () => settle() };
        const timer = setTimeout(() => settle(new ConsistencyTimeoutError(token, current(), timeoutMs)), timeoutMs);
        signal?.addEventListener('abort', onAbort, { once: true });
        waiters.add(waiter);
      });
    },
  };
};
