import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore } from '../commands/eventStore.js';
import { silentLog, type Log } from '../commands/log.js';
import type { Db } from '../infra/db/db.js';
import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from '../infra/resilience/circuitBreaker.js';
import { isPermanent, type ActionHandlers } from './actionHandler.js';
import { createApplyInput } from './applyInput.js';
import { systemClock, type Clock } from './clock.js';
import type { AnySagaDefinition } from './saga.js';
import { createSagaRouter } from './sagaRouter.js';
import { createSagaWorker, defaultRetryPolicy, type RetryPolicy } from './sagaWorker.js';

export type SagaRuntimeOptions = Readonly<{
  db: Db;
  store: EventStore;
  sagas: readonly AnySagaDefinition[];
  handlers: ActionHandlers;
  clock?: Clock;
  log?: Log;
  /** Names this runtime's checkpoint; runtimes with other sagas need other names. */
  name?: string;
  retry?: Partial<RetryPolicy>;
  /** Per action name (e-mail, venue, webhook): open after failureThreshold failures, half-open after coolDownMs... */
  circuitBreaker?: Omit<CircuitBreakerOptions, 'now' | 'isFailure'>;
  /** How long a claimed row belongs to its worker before another may take it. */
  leaseMs?: number;
  batchSize?: number;
  /** Saga instances whose actions run at the same time (default 1: one after another). */
  concurrency?: number;
  /** How often an idle worker looks for due timers and retries (wall-clock). */
  pollMs?: number;
}>;

export type SagaRuntime = Readonly<{
  start: () => Promise<void>;
  stop: () => Promise<void>;
  /** Runs the router and the due work until neither has anything left at the clock's time (tests). */
  drain: () => Promise<void>;
  /** One routing pass over the log (tests: a crash before any work ran). */
  route: () => Promise<void>;
  /** The log position the router has passed. */
  position: () => number;
  breaker: (actionName: string) => CircuitBreaker;
}>;

const MAX_DRAIN_ROUNDS = 1000;

/**
 * The process-manager runtime: a checkpointed router that turns events into saga steps, and a worker
 * that runs the steps' actions and fires their timers from ll_saga_work. Both are idempotent, so several
 * runtimes may run against one database.
 */
export const createSagaRuntime = (options: SagaRuntimeOptions): SagaRuntime => {
  const { db, store, sagas, handlers, clock = systemClock, log = silentLog, name = 'default', leaseMs = 60_000, batchSize = 100, pollMs = 250 } = options;
  const runtimeLog = log.child({ component: 'sagas' });
  const now = () => clock.now();
  const apply = createApplyInput({ db, store, now });
  const breakers = new Map<string, CircuitBreaker>();
  const breakerFor = (actionName: string): CircuitBreaker => {
    let breaker = breakers.get(actionName);
    if (breaker === undefined) {
      breaker = createCircuitBreaker(actionName, {
        ...options.circuitBreaker,
        now: () => now().getTime(),
        isFailure: (error) => !isPermanent(error),
        onStateChange: ({ from, to }) => runtimeLog.warn({ circuit: actionName, from, to }, 'circuit breaker state changed'),
      });
      breakers.set(actionName, breaker);
    }
    return breaker;
  };
  const router = createSagaRouter({ db, store, sagas, apply, batchSize, log: runtimeLog, name });
  const worker = createSagaWorker({
    db, store, apply, now, leaseMs, batchSize, breakerFor, ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }), log: runtimeLog, handlers,
    sagas: new Map(sagas.map((saga) => [saga.name, saga])),
    retry: { ...defaultRetryPolicy, ...options.retry },
  });
  let initialised = false;
  const init = async () => {
    if (!initialised) await router.init();
    initialised = true;
  };
  let running: { abort: AbortController; done: Promise<unknown> } | null = null;

  const loop = async (what: string, signal: AbortSignal, step: () => Promise<boolean>, idle: () => Promise<unknown>) => {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const busy = await step();
        failures = 0;
        if (!busy) await idle();
      } catch (error) {
        if (signal.aborted) break;
        failures += 1;
        runtimeLog.error({ err: error, loop: what, failures }, 'saga loop failed; retrying');
        await sleep(Math.min(5000, 100 * 2 ** failures), undefined, { signal }).catch(() => undefined);
      }
    }
  };

  return {
    start: async () => {
      if (running !== null) return;
      await init();
      const abort = new AbortController();
      const { signal } = abort;
      running = {
        abort,
        done: Promise.all([
          loop('router', signal, async () => (await router.step()) === 'busy', () => store.waitForAppend(router.position(), { timeoutMs: 1000, signal })),
          loop('worker', signal, async () => (await worker.step()) > 0, () => sleep(pollMs, undefined, { signal }).catch(() => undefined)),
        ]),
      };
      runtimeLog.info({ sagas: sagas.map((saga) => saga.name), position: router.position() }, 'sagas started');
    },
    stop: async () => {
      if (running === null) return;
      const { abort, done } = running;
      running = null;
      abort.abort();
      await done;
    },
    drain: async () => {
      await init();
      for (let round = 0; round < MAX_DRAIN_ROUNDS; round++) {
        const routed = await router.step();
        const worked = await worker.step();
        if (routed === 'idle' && worked === 0 && (await store.headPosition()) <= router.position()) return;
      }
      throw new Error(`Sagas did not settle after ${MAX_DRAIN_ROUNDS} rounds`);
    },
    route: async () => {
      await init();
      while ((await router.step()) === 'busy');
    },
    position: () => router.position(),
    breaker: breakerFor,
  };
};
