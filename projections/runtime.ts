import type { EventStore } from '../commands/eventStore.js';
import { silentLog, type Log } from '../commands/log.js';
import type { Db } from '../infra/db/db.js';
import type { ChangeFeed } from './changeFeed.js';
import type { HotPositions } from './hotPositions.js';
import { createHotPositionsSync } from './hotPositionsSync.js';
import { positionsProjection } from './positions.js';
import { createPositionWaiters, type WaitOptions } from './positionWaiters.js';
import type { Projection } from './projection.js';
import { createProjectionWorker } from './projectionWorker.js';

export type ProjectionRuntimeOptions = Readonly<{
  db: Db;
  store: EventStore;
  feed: ChangeFeed;
  projections: readonly Projection[];
  batchSize?: number;
  log?: Log;
  /** The hot copy of positions, fed after each committed batch of the `positions` projection. */
  hot?: HotPositions;
  /** How long an idle projection sleeps before it looks at the log again without a wake-up. */
  idleWaitMs?: number;
  /** Retry delays after a failed batch: doubling from initialMs up to maxMs. */
  backoff?: Readonly<{ initialMs: number; maxMs: number }>;
}>;

export type ProjectionRuntime = Readonly<{
  /** Prepares every projection's checkpoint (rebuilding one whose version changed), then runs them. */
  start: () => Promise<void>;
  /** Stops reading; resolves when the batches in flight have finished. */
  stop: () => Promise<void>;
  /**
   * The log position the given projections (by name; all when absent) have reached: their read models
   * reflect every event up to it. An unknown name throws.
   */
  position: (projections?: readonly string[]) => number;
  /** Resolves when the projections (all, or `options.projections`) reached `token`; rejects with ConsistencyTimeoutError. */
  waitFor: (token: number, options?: WaitOptions) => Promise<void>;
}>;

const unknownProjection = (name: string): never => {
  throw new Error(`No projection named ${name} runs here`);
};

/**
 * Runs projections over the event store's log. Each projection reads its own event types in batches of
 * `batchSize`; a batch and the projection's checkpoint commit in one transaction that first locks the
 * checkpoint row, so two runtimes (two processes) never apply the same batch twice. When a projection
 * has read up to the head of the log its position moves to that head, so a consistency token of an
 * event it does not handle is reached too.
 */
export const createProjectionRuntime = ({
  db,
  store,
  feed,
  projections,
  batchSize = 500,
  log = silentLog,
  hot,
  idleWaitMs = 1000,
  backoff = { initialMs: 100, maxMs: 5000 },
}: ProjectionRuntimeOptions): ProjectionRuntime => {
  const runtimeLog = log.child({ component: 'projections' });
  const waiters = createPositionWaiters((names) => position(names));
  const workers = projections.map((projection) =>
    createProjectionWorker({
      db,
      store,
      feed,
      projection,
      batchSize,
      log: runtimeLog,
      hot: hot !== undefined && projection.name === positionsProjection.name ? createHotPositionsSync({ sql: db, hot }) : null,
      onAdvance: () => waiters.notify(),
      idleWaitMs,
      backoff,
    }),
  );
  const byName = new Map(workers.map((worker) => [worker.name, worker]));
  const position = (names?: readonly string[]): number => {
    const chosen = names === undefined ? workers : names.map((name) => byName.get(name) ?? unknownProjection(name));
    return chosen.length === 0 ? 0 : Math.min(...chosen.map((worker) => worker.position()));
  };
  let running: { abort: AbortController; done: Promise<unknown> } | null = null;

  return {
    start: async () => {
      if (running !== null) return;
      for (const worker of workers) await worker.init();
      const abort = new AbortController();
      running = { abort, done: Promise.all(workers.map((worker) => worker.run(abort.signal))) };
      runtimeLog.info({ projections: workers.map((worker) => worker.name), position: position() }, 'projections started');
    },
    stop: async () => {
      if (running === null) return;
      const { abort, done } = running;
      running = null;
      abort.abort();
      await done;
    },
    position,
    waitFor: async (token, options) => waiters.waitFor(token, options),
  };
};
