import type { ChangeItem, PositionView } from './changeFeed.js';

/**
 * The hot copy of the positions read model (Redis when REDIS_URL is set, in-process otherwise), fed by
 * the projection runtime after each committed batch of the `positions` projection.
 *
 * `apply` is idempotent by log position: it applies the position changes of `changes` whose `at` is past
 * the copy's checkpoint, and moves the checkpoint to `position`, all at once. Re-delivering a batch
 * changes nothing; an older snapshot never overwrites a newer one.
 */
export interface HotPositions {
  apply(changes: readonly ChangeItem[], position: number): Promise<void>;
  /** The positions of one account, ordered by instrument. */
  list(tenant: string, accountId: string): Promise<PositionView[]>;
  /** The log position the copy has applied up to (0 when empty). */
  checkpoint(): Promise<number>;
}

export const byInstrument = (a: PositionView, b: PositionView): number =>
  a.instrument < b.instrument ? -1 : a.instrument > b.instrument ? 1 : 0;
