import type { EventStore } from '../commands/eventStore.js';
import type { Log } from '../commands/log.js';
import type { Db } from '../infra/db/db.js';
import type { CircuitBreaker } from '../infra/resilience/circuitBreaker.js';
import { retryDelay } from '../infra/resilience/retry.js';
import { errorCode, errorMessage, isPermanent, type ActionHandlers } from './actionHandler.js';
import type { ApplyInput } from './applyInput.js';
import type { AnySagaDefinition, SagaInput } from './saga.js';
import { loadSaga, type SagaOrigin } from './sagaStore.js';
import { claimDueWork, finishWork, retryWorkLater, type WorkItem } from './sagaWork.js';

export type RetryPolicy = Readonly<{ maxAttempts: number; baseDelayMs: number; maxDelayMs: number; factor: number }>;

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000, factor: 2 };

export type WorkerDeps = Readonly<{
  db: Db;
  store: EventStore;
  sagas: ReadonlyMap<string, AnySagaDefinition>;
  handlers: ActionHandlers;
  apply: ApplyInput;
  now: () => Date;
  retry: RetryPolicy;
  leaseMs: number;
  batchSize: number;
  /** Saga instances whose work runs at the same time (one instance's work always runs in order). */
  concurrency?: number;
  breakerFor: (actionName: string) => CircuitBreaker;
  log: Log;
}>;

const succeededId = (item: WorkItem): string => `${item.id}:succeeded`;
const failedId = (item: WorkItem): string => `${item.id}:failed`;

/**
 * Runs due work: fires timers and runs actions. An action's outcome is recorded in the saga's stream
 * before its row is marked done; an action whose outcome the stream already holds (a worker died after
 * recording it) is not run again. A failing action is retried with exponential backoff (bounded), an open
 * circuit postpones it without using up a try, and a permanent failure or the last try is recorded as
 * `actionFailed`, which the saga answers (compensation).
 */
export const createSagaWorker = (deps: WorkerDeps) => {
  const { db, store, sagas, handlers, apply, now, retry, leaseMs, batchSize, concurrency = 1, breakerFor, log } = deps;

  const fail = (item: WorkItem, code: string, message: string): SagaInput => ({
    kind: 'actionFailed', id: failedId(item), key: item.key, name: item.name, error: { code, message }, attempts: item.attempts, at: now().toISOString(),
  });

  const runAction = async (saga: AnySagaDefinition, item: WorkItem, origin: SagaOrigin): Promise<SagaInput | 'later'> => {
    const handler = handlers[item.name];
    if (handler === undefined) return fail(item, 'NO_HANDLER', `No handler for action ${item.name}`);
    const context = { actionId: item.id, sagaName: saga.name, sagaId: item.sagaId, tenant: item.tenant, correlationId: item.correlationId, attempt: item.attempts, now: now() };
    try {
      const result = await breakerFor(item.name).execute(() => handler(item.input, context));
      return { kind: 'actionSucceeded', id: succeededId(item), key: item.key, name: item.name, result: result ?? {}, at: now().toISOString() };
    } catch (error) {
      const code = errorCode(error);
      if (code === 'CIRCUIT_OPEN') {
        const waitMs = Math.max((error as { retryAfterMs?: number }).retryAfterMs ?? 0, retry.baseDelayMs);
        await retryWorkLater(db, item.id, { dueAt: new Date(now().getTime() + waitMs), error: errorMessage(error), countAttempt: false });
        log.info({ action: item.id, retryInMs: waitMs }, 'circuit open: action postponed');
        return 'later';
      }
      if (isPermanent(error) || item.attempts >= retry.maxAttempts) {
        log.warn({ action: item.id, attempts: item.attempts, code, err: error }, 'action failed for good');
        return fail(item, code, errorMessage(error));
      }
      const delayMs = retryDelay(item.attempts, null, retry) ?? retry.maxDelayMs;
      await retryWorkLater(db, item.id, { dueAt: new Date(now().getTime() + delayMs), error: errorMessage(error), countAttempt: true });
      log.info({ action: item.id, attempt: item.attempts, retryInMs: delayMs, err: error }, 'action failed; retrying later');
      return 'later';
    }
  };

  const runItem = async (item: WorkItem): Promise<void> => {
    const saga = sagas.get(item.sagaName);
    if (saga === undefined) throw new Error(`Work ${item.id} belongs to saga ${item.sagaName}, which this runtime does not run`);
    const loaded = await loadSaga(store, saga, item.sagaId);
    const origin = loaded.origin ?? { tenant: item.tenant, correlationId: item.correlationId, causationId: null, traceparent: null };
    let input: SagaInput | 'later';
    if (item.kind === 'timer') input = { kind: 'timer', id: `${item.id}:fired`, key: item.key, name: item.name, at: now().toISOString() };
    else if (loaded.steps.has(succeededId(item)) || loaded.steps.has(failedId(item))) input = { ...fail(item, 'RECORDED', ''), id: loaded.steps.has(succeededId(item)) ? succeededId(item) : failedId(item) };
    else input = await runAction(saga, item, origin);
    if (input === 'later') return;
    await apply(saga, item.sagaId, input, origin); // a recorded outcome is recognised by its id and not applied again
    await finishWork(db, item.id);
  };

  /** Claims and runs one batch of due work; returns how many rows it took. */
  const step = async (): Promise<number> => {
    const at = now();
    const items = await claimDueWork(db, { now: at, leaseUntil: new Date(at.getTime() + leaseMs), limit: batchSize, sagaNames: [...sagas.keys()] });
    const byInstance = new Map<string, WorkItem[]>();
    for (const item of items) {
      const key = `${item.sagaName}/${item.sagaId}`;
      byInstance.set(key, [...(byInstance.get(key) ?? []), item]);
    }
    const queue = [...byInstance.values()];
    const runInstances = async () => {
      for (let work = queue.shift(); work !== undefined; work = queue.shift()) {
        for (const item of work) {
          try {
            await runItem(item);
          } catch (error) {
            // The lease runs out and the row is taken again.
            log.error({ err: error, work: item.id }, 'saga work failed; it will be retried after its lease');
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, runInstances));
    return items.length;
  };

  return { step };
};
