import type { RecordedEvent } from '../commands/eventStore.js';
import { tradingEventSchemas, type TradingEvent, type TradingEventType } from '../domain/trading/events.js';

export const tradingEventTypes: readonly TradingEventType[] = ['TradePlaced', 'TradeFilled', 'TradeCancelled'];

const isTradingEventType = (type: string): type is TradingEventType => Object.hasOwn(tradingEventSchemas, type);

/**
 * A recorded event as a typed trading event (its payload checked against the zod schema), or null when
 * it is not a trading event. A payload that fails the schema throws: the log holds only valid events,
 * so a failure here is a bug the projection must not skip silently.
 */
export const tradingEventOf = (event: RecordedEvent): TradingEvent | null => {
  const { type } = event;
  if (!isTradingEventType(type)) return null;
  switch (type) {
    case 'TradePlaced':
      return { type, data: tradingEventSchemas.TradePlaced.parse(event.data) };
    case 'TradeFilled':
      return { type, data: tradingEventSchemas.TradeFilled.parse(event.data) };
    case 'TradeCancelled':
      return { type, data: tradingEventSchemas.TradeCancelled.parse(event.data) };
  }
};

/** ISO 8601 in UTC with milliseconds, as PostgreSQL's timestamptz gives it back through a Date. */
export const canonicalTime = (iso: string): string => {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toISOString();
};
