import type { RecordedEvent } from '../commands/eventStore.js';
import type { Sql } from '../infra/db/db.js';
import type { ChangeItem } from './changeFeed.js';

/**
 * A read model kept up to date from the log. The runtime hands `apply` the projection's events in
 * batches, in log order, inside the transaction that also moves the projection's checkpoint, so the
 * effect of an event is applied exactly once. `apply` returns what changed, each at its event's position.
 *
 * Bumping `version` makes the runtime `reset` the read model and replay the log into it (in the same
 * tables: the old version stops serving while it rebuilds).
 */
export type Projection = Readonly<{
  name: string;
  version: number;
  eventTypes: readonly string[];
  apply: (tx: Sql, events: readonly RecordedEvent[]) => Promise<readonly ChangeItem[]>;
  reset?: (tx: Sql) => Promise<void>;
}>;
