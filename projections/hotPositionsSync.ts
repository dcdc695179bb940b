import type { Sql } from '../infra/db/db.js';
import type { ChangeItem, PositionView } from './changeFeed.js';
import type { HotPositions } from './hotPositions.js';
import { int } from './sqlTime.js';

const catchUpPage = 1000;

/**
 * Keeps a HotPositions copy in step with the `positions` projection. After a committed batch it applies
 * the batch's changes directly when the copy is known to be up to date; when the copy is behind (a fresh
 * Redis, a failed write, a crash between the SQL commit and the Redis write) it first replays the
 * missing changes from `position_updates`. A failure leaves the copy's position unknown, so the next
 * sync re-reads its checkpoint.
 */
export const createHotPositionsSync = ({ sql, hot }: { sql: Sql; hot: HotPositions }) => {
  let known: number | null = null;

  const replay = async (after: number, upTo: number): Promise<void> => {
    for (let from = after; ;) {
      const { rows } = await sql.query<{ position: string; snapshot: PositionView }>(
        'SELECT position, snapshot FROM position_updates WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3',
        [from, upTo, catchUpPage],
      );
      const changes: ChangeItem[] = rows.map((row) => ({ kind: 'position', tenant: row.snapshot.tenant, at: int(row.position), position: row.snapshot }));
      const done = rows.length < catchUpPage;
      const through = done ? upTo : int(rows.at(-1)?.position);
      if (changes.length > 0) await hot.apply(changes, through);
      if (done) return;
      from = through;
    }
  };

  return {
    /** The position the copy is known to have applied (0 until the first sync). */
    position: (): number => known ?? 0,
    /** Brings the copy to `upTo`; `changes` are the batch committed from `from` (exclusive) to `upTo`. */
    sync: async (changes: readonly ChangeItem[], from: number, upTo: number): Promise<void> => {
      try {
        known ??= await hot.checkpoint();
        if (known >= upTo) return;
        if (known < from) await replay(known, upTo);
        else if (changes.length > 0) await hot.apply(changes, upTo);
        known = upTo;
      } catch (error) {
        known = null;
        throw error;
      }
    },
  };
};
