import type { Sql } from '../infra/db/db.js';
import type { ChangeFeed } from './changeFeed.js';
import { createPositionWaiters } from './positionWaiters.js';
import type { ProjectionRuntime } from './runtime.js';

export const FOLLOW_POLL_MS = 250;

export type FollowedProjections = Pick<ProjectionRuntime, 'position' | 'waitFor'> & Readonly<{ start: () => Promise<void>; stop: () => Promise<void> }>;

/**
 * The positions of projections that another process runs, for a gateway without the projector role:
 * read from ll_checkpoints at start and every `pollMs`, and moved forward by the change feed as batches
 * commit (sooner than the next poll, but at most once). A checkpoint whose version changed (a rebuild)
 * moves back. `waitFor` gives read-your-writes as the runtime's does.
 */
export const followProjections = ({ sql, feed, names, pollMs = FOLLOW_POLL_MS }: Readonly<{ sql: Sql; feed: ChangeFeed; names: readonly string[]; pollMs?: number }>): FollowedProjections => {
  const positions = new Map<string, number>(names.map((name) => [name, 0]));
  const position = (projections: readonly string[] = names): number => {
    for (const name of projections) if (!positions.has(name)) throw new Error(`No projection named ${name} is followed here`);
    return projections.length === 0 ? 0 : Math.min(...projections.map((name) => positions.get(name) ?? 0));
  };
  const waiters = createPositionWaiters(position);
  const versions = new Map<string, number>();
  const poll = async () => {
    const { rows } = await sql.query<{ name: string; version: number; position: string }>('SELECT name, version, position FROM ll_checkpoints WHERE name = ANY($1)', [names]);
    for (const row of rows) {
      // Only forward (the feed may be ahead of the checkpoint), unless a new version is rebuilding the read model.
      const rebuilt = versions.has(row.name) && versions.get(row.name) !== row.version;
      versions.set(row.name, row.version);
      positions.set(row.name, rebuilt ? Number(row.position) : Math.max(positions.get(row.name) ?? 0, Number(row.position)));
    }
    waiters.notify();
  };
  let timer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  return {
    position,
    waitFor: (token, options) => waiters.waitFor(token, options),
    start: async () => {
      unsubscribe = feed.subscribe(({ projection, position: at }) => {
        if ((positions.get(projection) ?? Infinity) >= at) return;
        positions.set(projection, at);
        waiters.notify();
      });
      await poll();
      timer = setInterval(() => void poll().catch(() => undefined), pollMs); // a failed poll is retried by the next
      timer.unref();
    },
    stop: async () => {
      if (timer !== null) clearInterval(timer);
      unsubscribe?.();
    },
  };
};
