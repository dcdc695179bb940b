export type CircuitState = 'closed' | 'open' | 'half_open';

export type CircuitBreakerOptions = Readonly<{
  /** Consecutive failures that open a closed circuit. */
  failureThreshold?: number;
  /** How long an open circuit rejects calls before letting trial calls through (half-open). */
  coolDownMs?: number;
  /** Consecutive successful trial calls that close a half-open circuit. */
  successThreshold?: number;
  /** Trial calls allowed in flight at once while half-open. */
  halfOpenMaxConcurrent?: number;
  /** Whether an error counts against the circuit (default: every error; e.g. not a 400 the caller caused). */
  isFailure?: (error: unknown) => boolean;
  onStateChange?: (change: Readonly<{ from: CircuitState; to: CircuitState }>) => void;
  now?: () => number;
}>;

export const defaultCircuit = { failureThreshold: 5, coolDownMs: 30_000, successThreshold: 3, halfOpenMaxConcurrent: 1 } as const;

export class CircuitOpenError extends Error {
  readonly code = 'CIRCUIT_OPEN';
  constructor(
    readonly circuit: string,
    /** When the circuit lets a trial call through, in ms from now (0 when half-open but busy). */
    readonly retryAfterMs: number,
  ) {
    super(`Circuit ${circuit} is open`);
    this.name = 'CircuitOpenError';
  }
}

export type CircuitBreaker = Readonly<{
  name: string;
  /** Runs fn unless the circuit is open; throws CircuitOpenError without calling fn when it is. */
  execute: <T>(fn: () => Promise<T>) => Promise<T>;
  state: () => CircuitState;
}>;

/**
 * Closed → open after `failureThreshold` consecutive failures; open → half-open after `coolDownMs`;
 * half-open → closed after `successThreshold` consecutive successes, back to open on any failure.
 */
export const createCircuitBreaker = (name: string, options: CircuitBreakerOptions = {}): CircuitBreaker => {
  const {
    failureThreshold = defaultCircuit.failureThreshold,
    coolDownMs = defaultCircuit.coolDownMs,
    successThreshold = defaultCircuit.successThreshold,
    halfOpenMaxConcurrent = defaultCircuit.halfOpenMaxConcurrent,
    isFailure = () => true,
    onStateChange,
    now = Date.now,
  } = options;
  let current: CircuitState = 'closed';
  let failures = 0;
  let successes = 0;
  let openedAt = 0;
  let trialsInFlight = 0;

  const moveTo = (to: CircuitState): void => {
    if (to === current) return;
    const from = current;
    current = to;
    failures = 0;
    successes = 0;
    if (to === 'open') openedAt = now();
    onStateChange?.({ from, to });
  };

  const state = (): CircuitState => {
    if (current === 'open' && now() - openedAt >= coolDownMs) moveTo('half_open');
    return current;
  };

  const onSuccess = (): void => {
    if (current === 'half_open') {
      successes += 1;
      if (successes >= successThreshold) moveTo('closed');
    } else failures = 0;
  };

  const onFailure = (error: unknown): void => {
    if (!isFailure(error)) return onSuccess();
    if (current === 'half_open') return moveTo('open');
    failures += 1;
    if (current === 'closed' && failures >= failureThreshold) moveTo('open');
  };

  const execute = async <T>(fn: () => Promise<T>): Promise<T> => {
    const at = state();
    if (at === 'open') throw new CircuitOpenError(name, Math.max(0, openedAt + coolDownMs - now()));
    const trial = at === 'half_open';
    if (trial && trialsInFlight >= halfOpenMaxConcurrent) throw new CircuitOpenError(name, 0);
    if (trial) trialsInFlight += 1;
    try {
      const result = await fn();
      onSuccess();
      return result;
    } catch (error) {
      onFailure(error);
      throw error;
    } finally {
      if (trial) trialsInFlight -= 1;
    }
  };

  return { name, execute, state };
};
