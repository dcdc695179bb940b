import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore } from '../commands/eventStore.js';
import type { Log } from '../commands/log.js';
import type { Db, Sql } from '../infra/db/db.js';
import type { ChangeFeed, ChangeItem } from './changeFeed.js';
import type { createHotPositionsSync } from './hotPositionsSync.js';
import type { Projection } from './projection.js';
import { prepareShadow, shadowOf, swapShadow, useShadow } from './shadowRebuild.js';
import { int } from './sqlTime.js';

export type WorkerOptions = Readonly<{
  db: Db;
  store: EventStore;
  feed: ChangeFeed;
  projection: Projection;
  batchSize: number;
  log: Log;
  hot: ReturnType<typeof createHotPositionsSync> | null;
  onAdvance: () => void;
  idleWaitMs: number;
  backoff: Readonly<{ initialMs: number; maxMs: number }>;
}>;

/** The largest batch a projection reads when it is behind the log (batchSize when it is live). */
const maxCatchUpBatch = 4000;

const lockCheckpoint = async (tx: Sql, name: string): Promise<{ version: number; position: number }> => {
  const { rows } = await tx.query<{ version: number; position: string }>('SELECT version, position FROM ll_checkpoints WHERE name = $1 FOR UPDATE', [name]);
  const row = rows[0];
  if (row === undefined) throw new Error(`Projection ${name} has no checkpoint row`);
  return { version: row.version, position: int(row.position) };
};

/** How often a projection with nothing to apply writes how far it has read (see persistIdleAdvance). */
const IDLE_PERSIST_MS = 1000;

/**
 * Runs one projection: reads its events after its checkpoint in batches, applies each batch and moves
 * the checkpoint in one transaction, feeds the hot copy, then publishes the changes.
 */
export const createProjectionWorker = ({ db, store, feed, projection, batchSize, log, hot, onAdvance, idleWaitMs, backoff }: WorkerOptions) => {
  const { name } = projection;
  let committed = 0;
  /** What ll_checkpoints holds, and when an idle advance was last written there. */
  let persisted = 0;
  let persistedAt = 0;
  /** While a new version is rebuilt beside the serving tables: how far the shadow has read; else null. */
  let shadowAt: number | null = null;
  // Live, batches stay small so each change is published soon; while catching up they grow to amortise
  // each transaction's fixed cost over more events.
  let limit = batchSize;
  const catchUpLimit = Math.max(batchSize, maxCatchUpBatch);

  /**
   * The projection's next events after `from`, and how far the batch reaches: its last event, or the head
   * of the log when it has read everything (so a token of an event it does not handle is reached too).
   */
  const readBatch = async (from: number) => {
    const { events, head } = await store.readPage({ after: from, limit, filter: { types: projection.eventTypes } });
    const seenAll = events.length < limit;
    limit = seenAll ? batchSize : Math.min(limit * 2, catchUpLimit);
    return { events, seenAll, target: Math.max(from, events.at(-1)?.position ?? from, seenAll ? head : 0) };
  };

  /**
   * Creates the checkpoint row. When the projection's version changed, a projection that names its
   * tables is rebuilt beside them (shadowRebuild.ts) while they serve; another is reset in place.
   */
  const init = async (): Promise<void> => {
    committed = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO ll_checkpoints (name, version, position) VALUES ($1, $2, 0) ON CONFLICT (name) DO NOTHING', [name, projection.version]);
      const stored = await lockCheckpoint(tx, name);
      if (stored.version === projection.version) return stored.position;
      if (stored.version > projection.version || (projection.reset === undefined && projection.tables === undefined)) {
        throw new Error(`Projection ${name}: the read model is at version ${stored.version}, this code has version ${projection.version}`);
      }
      if (projection.tables !== undefined && stored.position > 0) {
        shadowAt = await prepareShadow(tx, { ...projection, tables: projection.tables });
        log.warn({ projection: name, from: stored.version, to: projection.version, builtUpTo: shadowAt }, 'projection version changed: rebuilding beside the read model, which serves meanwhile');
        return stored.position;
      }
      log.warn({ projection: name, from: stored.version, to: projection.version }, 'projection version changed: rebuilding the read model');
      if (projection.tables === undefined) await projection.reset?.(tx);
      else for (const table of projection.tables) await tx.query(`DELETE FROM ${table}`);
      await tx.query('UPDATE ll_checkpoints SET version = $2, position = 0, updated_at = now() WHERE name = $1', [name, projection.version]);
      return 0;
    });
    persisted = committed;
    onAdvance();
  };

  /** Moves the shadow into place once it has caught up; false when another runtime has built it further. */
  const swapIn = async (): Promise<boolean> => {
    const from = shadowAt;
    const swapped = await db.transaction(async (tx) => {
      const stored = await lockCheckpoint(tx, name);
      if (stored.version === projection.version) return stored.position; // another runtime swapped it in
      const { rows: [shadow] } = await tx.query<{ version: number; position: string }>('SELECT version, position FROM ll_checkpoints WHERE name = $1 FOR UPDATE', [shadowOf(name).checkpoint]);
      if (shadow === undefined || shadow.version !== projection.version || projection.tables === undefined) {
        throw new Error(`Projection ${name}: the rebuild of version ${projection.version} was taken over (read model at version ${stored.version})`);
      }
      if (Number(shadow.position) !== from) return null; // built further elsewhere: the next step catches up
      await swapShadow(tx, { ...projection, tables: projection.tables });
      await tx.query('UPDATE ll_checkpoints SET version = $2, position = $3, updated_at = now() WHERE name = $1', [name, projection.version, from]);
      return from;
    });
    if (swapped === null) return false;
    committed = persisted = swapped;
    shadowAt = null;
    log.info({ projection: name, version: projection.version, position: swapped }, 'projection rebuilt and swapped in');
    onAdvance();
    return true;
  };

  /** One batch of the rebuild into the shadow; swaps it in when it has read up to the head of the log. */
  const rebuildStep = async (from: number): Promise<'busy'> => {
    const { events, seenAll, target } = await readBatch(from);
    if (target > from) {
      shadowAt = await db.transaction(async (tx) => {
        const { rows: [shadow] } = await tx.query<{ version: number; position: string }>('SELECT version, position FROM ll_checkpoints WHERE name = $1 FOR UPDATE', [shadowOf(name).checkpoint]);
        if (shadow === undefined || shadow.version !== projection.version) return from; // swapped in elsewhere: swapIn adopts it
        if (Number(shadow.position) !== from) return Number(shadow.position); // built further elsewhere
        if (events.length > 0) {
          await useShadow(tx, name);
          await projection.apply(tx, events); // nobody reads the shadow yet: its changes are not published
        }
        await tx.query('UPDATE ll_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [shadowOf(name).checkpoint, target]);
        return target;
      });
    }
    if (seenAll || shadowAt === from) await swapIn();
    return 'busy';
  };

  // A batch without events of this projection's types moves `committed` to the head of the log without a
  // transaction. Processes that follow the checkpoint (a gateway without the projector role) learn of it
  // from the change feed, at most once; so it is also written to the checkpoint, at most once a second.
  const persistIdleAdvance = async (): Promise<void> => {
    if (committed <= persisted || Date.now() - persistedAt < IDLE_PERSIST_MS) return;
    const position = committed;
    await db.query('UPDATE ll_checkpoints SET position = $2, updated_at = now() WHERE name = $1 AND position < $2 AND version = $3', [name, position, projection.version]);
    persisted = position;
    persistedAt = Date.now();
  };

  /** One batch. 'idle' when it has read everything up to the head of the log. */
  const step = async (): Promise<'busy' | 'idle'> => {
    if (shadowAt !== null) return rebuildStep(shadowAt);
    const from = committed;
    const { events, seenAll, target } = await readBatch(from);
    let changes: readonly ChangeItem[] = [];
    if (events.length > 0) {
      const outcome = await db.transaction(async (tx) => {
        const stored = await lockCheckpoint(tx, name);
        if (stored.version !== projection.version) throw new Error(`Projection ${name}: the read model is now at version ${stored.version}, this code has version ${projection.version}`);
        if (stored.position > from) return { appliedElsewhere: stored.position };
        const applied = await projection.apply(tx, events);
        await tx.query('UPDATE ll_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [name, target]);
        return { applied };
      });
      if ('appliedElsewhere' in outcome) {
        log.debug({ projection: name, from, to: outcome.appliedElsewhere }, 'batch applied by another runtime; skipping');
        committed = outcome.appliedElsewhere;
        onAdvance();
        return 'busy';
      }
      changes = outcome.applied;
      persisted = target; // the transaction wrote the checkpoint
    }
    if (target > from) committed = target;
    try {
      await hot?.sync(changes, from, target);
    } finally {
      // After the hot copy, so that a listener that reads it on a change finds the change there.
      if (target > from) feed.publish({ projection: name, position: target, changes });
    }
    await persistIdleAdvance();
    onAdvance();
    return seenAll ? 'idle' : 'busy';
  };

  const run = async (signal: AbortSignal): Promise<void> => {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const state = await step();
        failures = 0;
        if (state === 'idle') await store.waitForAppend(committed, { timeoutMs: idleWaitMs, signal });
      } catch (error) {
        if (signal.aborted) break;
        failures += 1;
        const retryInMs = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (failures - 1));
        log.error({ err: error, projection: name, position: committed, failures, retryInMs }, 'projection batch failed and was rolled back; retrying');
        await sleep(retryInMs, undefined, { signal }).catch(() => undefined);
      }
    }
  };

  return {
    name,
    init,
    run,
    /** What readers may rely on: the checkpoint, and the hot copy's position when there is one. */
    position: (): number => (hot === null ? committed : Math.min(committed, hot.position())),
  };
};
