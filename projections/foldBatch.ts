import type { RecordedEvent } from '../commands/eventStore.js';

export type Folded<View> = Readonly<{ key: string; view: View; at: number }>;

/**
 * Folds a batch of events into the views they touch, starting from the views already stored. Returns
 * every view that changed (its latest state, with the position of its last event) and every change in
 * log order (one per event that changed a view).
 */
export const foldBatch = <View>(
  events: readonly RecordedEvent[],
  stored: ReadonlyMap<string, View>,
  keyOf: (event: RecordedEvent) => string | null,
  evolve: (view: View | null, event: RecordedEvent) => View | null,
): { latest: Folded<View>[]; changes: Folded<View>[] } => {
  const current = new Map<string, View>(stored);
  const latest = new Map<string, Folded<View>>();
  const changes: Folded<View>[] = [];
  for (const event of events) {
    const key = keyOf(event);
    if (key === null) continue;
    const before = current.get(key) ?? null;
    const after = evolve(before, event);
    if (after === null || after === before) continue;
    current.set(key, after);
    const change = { key, view: after, at: event.position };
    latest.set(key, change);
    changes.push(change);
  }
  return { latest: [...latest.values()], changes };
};
