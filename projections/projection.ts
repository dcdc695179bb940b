import type { RecordedEvent } from '../commands/eventStore.js';
import type { Sql } from '../infra/db/db.js';
import type { ChangeItem } from './changeFeed.js';

/**
 * A read model kept up to date from the log. The runtime hands `apply` the projection's events in
 * batches, in log order, inside the transaction that also moves the projection's checkpoint, so the
 * effect of an event is applied exactly once. `apply` returns what changed, each at its event's position.
 *
 * Bumping `version` rebuilds the read model from the log. A projection that names its `tables` is
 * rebuilt into copies of them in a schema of its own while the old tables keep serving (frozen at the
 * old version's position), then the copies are swapped in, in one transaction (when nothing was projected
 * yet, the tables are emptied in place). Without `tables`, `reset` empties the read model and the log is
 * replayed into it in place (the old version stops serving).
 * `apply` must use unqualified table names, so that it writes to the copies during a rebuild.
 */
export type Projection = Readonly<{
  name: string;
  version: number;
  eventTypes: readonly string[];
  apply: (tx: Sql, events: readonly RecordedEvent[]) => Promise<readonly ChangeItem[]>;
  /** Empties a read model that does not name its `tables`. */
  reset?: (tx: Sql) => Promise<void>;
  /** Every table `apply` writes (and only those). */
  tables?: readonly string[];
}>;
