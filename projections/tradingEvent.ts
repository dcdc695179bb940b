import type { RecordedEvent } from '../commands/eventStore.js';
import { parseTradingEvent, type TradingEvent, type TradingEventType } from '../domain/trading/events.js';

export const tradingEventTypes: readonly TradingEventType[] = ['TradePlaced', 'TradeFilled', 'TradeCancelled'];

/**
 * A recorded event as a typed trading event (its payload checked against the zod schema), or null when
 * it is not a trading event. A payload that fails the schema throws: the log holds only valid events,
 * so a failure here is a bug the projection must not skip silently.
 */
export const tradingEventOf = (event: RecordedEvent): TradingEvent | null => parseTradingEvent(event);

/** ISO 8601 in UTC with milliseconds, as PostgreSQL's timestamptz gives it back through a Date. */
export const canonicalTime = (iso: string): string => {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toISOString();
};
