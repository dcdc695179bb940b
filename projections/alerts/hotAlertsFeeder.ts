import type { Log } from '../../commands/log.js';
import type { Sql } from '../../infra/db/db.js';
import type { ChangeFeed } from '../changeFeed.js';
import { createPositionWaiters, type WaitOptions } from '../positionWaiters.js';
import type { AlertChange, HotAlerts } from './hotAlerts.js';

const PAGE = 1000;

/**
 * Keeps the hot copy of open alerts in step with the `alerts` projection: at start it replays what the
 * copy missed from `alert_updates`, then applies each committed batch the change feed announces, one
 * after another. When a write fails, the next batch first replays from the copy's checkpoint, so a gap
 * never stays. `waitFor` gives read-your-writes on the copy.
 */
export const createHotAlertsFeeder = ({
  sql, hot, feed, log, projectionPosition = () => 0,
}: {
  sql: Sql;
  hot: HotAlerts;
  feed: ChangeFeed;
  log: Log;
  /** The `alerts` projection's position: what the copy covers once it has replayed the SQL history. */
  projectionPosition?: () => number;
}) => {
  let known: number | null = null;
  let position = 0;
  let chain: Promise<void> = Promise.resolve();
  const waiters = createPositionWaiters(() => position);

  const replay = async (after: number, upTo: number | null): Promise<void> => {
    for (let from = after; ;) {
      const { rows } = await sql.query<{ position: string; snapshot: AlertChange['alert'] }>(
        `SELECT position, snapshot FROM alert_updates WHERE position > $1 ${upTo === null ? '' : 'AND position <= $3'} ORDER BY position LIMIT $2`,
        upTo === null ? [from, PAGE] : [from, PAGE, upTo],
      );
      const changes = rows.map((row) => ({ at: Number(row.position), alert: row.snapshot }));
      const done = rows.length < PAGE;
      const through = done && upTo !== null ? upTo : (changes.at(-1)?.at ?? from);
      if (through > from) await hot.apply(changes, through);
      if (done) return;
      from = through;
    }
  };

  const advance = (to: number): void => {
    position = Math.max(position, to);
    waiters.notify();
  };

  let unsubscribe: (() => void) | null = null;
  /** The highest batch position this feeder was told of: a copy behind it missed something and replays from SQL. */
  let seen = 0;

  const sync = async (changes: readonly AlertChange[], upTo: number): Promise<void> => {
    try {
      known ??= await hot.checkpoint();
      if (known < upTo) {
        if (known < seen) await replay(known, upTo);
        else await hot.apply(changes, upTo);
        known = upTo;
      }
      advance(upTo);
    } catch (error) {
      known = null;
      log.error({ err: error, upTo }, 'hot alerts: write failed; the next batch replays from SQL');
    } finally {
      seen = Math.max(seen, upTo);
    }
  };

  return {
    /** Catches up from SQL, then follows the change feed. */
    start: async (): Promise<void> => {
      // Listen first, so no batch falls between the catch-up and the feed; replays skip what the copy has.
      unsubscribe = feed.subscribe((change) => {
        if (change.projection !== 'alerts') return;
        const changes = change.changes.flatMap((item) => (item.kind === 'alert' ? [{ at: item.at, alert: item.alert }] : []));
        chain = chain.then(() => sync(changes, change.position));
      });
      const caughtUp = chain.then(async () => {
        const covered = projectionPosition(); // alert_updates commit with the projection's checkpoint
        await replay(await hot.checkpoint(), null);
        known = await hot.checkpoint();
        seen = Math.max(seen, known);
        advance(Math.max(known, covered));
      });
      chain = caughtUp.catch(() => undefined); // a failed catch-up fails start; the batches queued behind it still run
      await caughtUp;
    },
    stop: async (): Promise<void> => {
      unsubscribe?.();
      await chain;
    },
    position: (): number => position,
    waitFor: (token: number, options?: WaitOptions): Promise<void> => waiters.waitFor(token, options),
  };
};
