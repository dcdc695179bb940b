import type { RecordedEvent } from '../../commands/eventStore.js';

export type NewEventsResult = Readonly<{
  /** The events to apply, in the order they came. */
  events: readonly RecordedEvent[];
  /** The last version applied of every stream the batch touched (only those that moved). */
  versions: ReadonlyMap<string, number>;
  /** Events dropped because their stream already had them: a relay redelivery at another offset. */
  duplicates: number;
}>;

/**
 * Which events of a partition's batch a scale-out projector applies, given the last version of each
 * stream it already applied. One stream's events are in one partition, in stream order, and a relay
 * redelivery repeats events already seen; so an event is new exactly when its stream version is beyond
 * the last one applied. Pure.
 */
export const newEvents = (batch: readonly RecordedEvent[], applied: ReadonlyMap<string, number>): NewEventsResult => {
  const last = new Map(applied);
  const moved = new Map<string, number>();
  const events: RecordedEvent[] = [];
  for (const event of batch) {
    if (event.version <= (last.get(event.streamId) ?? 0)) continue;
    last.set(event.streamId, event.version);
    moved.set(event.streamId, event.version);
    events.push(event);
  }
  return { events, versions: moved, duplicates: batch.length - events.length };
};
