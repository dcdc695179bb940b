import type { RecordedEvent } from '../commands/eventStore.js';
import type { TradeView } from './changeFeed.js';
import { canonicalTime, tradingEventOf } from './tradingEvent.js';

/** Quantities are kept to the watt-hour (1e-6 MWh), so that sums of decimal fills stay exact. */
export const roundMwh = (mwh: number): number => Math.round(mwh * 1e6) / 1e6 + 0;

const weightedAverage = (average: number | null, volume: number, price: number, quantity: number): number =>
  average === null || volume === 0 ? price : (average * volume + price * quantity) / (volume + quantity);

/**
 * The read model of one trade, folded from its stream. Pure: the `trades` projection and the tests that
 * compare the table with the log use this same function. Events of other types leave the view as it is.
 */
export const evolveTradeView = (view: TradeView | null, event: RecordedEvent): TradeView | null => {
  const trading = tradingEventOf(event);
  if (trading === null) return view;
  switch (trading.type) {
    case 'TradePlaced': {
      if (view !== null) return view;
      const { data } = trading;
      const placedAt = canonicalTime(data.placedAt);
      return {
        id: data.tradeId,
        tenant: event.metadata.tenant,
        accountId: data.accountId,
        instrument: data.instrument,
        side: data.side,
        quantityMwh: data.quantityMwh,
        filledMwh: 0,
        limitPrice: data.limitPrice,
        averageFillPrice: null,
        status: 'OPEN',
        version: event.version,
        placedAt,
        updatedAt: placedAt,
      };
    }
    case 'TradeFilled': {
      if (view === null) return null;
      const { data } = trading;
      return {
        ...view,
        filledMwh: roundMwh(data.totalFilledMwh),
        averageFillPrice: weightedAverage(view.averageFillPrice, view.filledMwh, data.price, data.quantityMwh),
        status: data.complete ? 'FILLED' : 'PARTIALLY_FILLED',
        version: event.version,
        updatedAt: canonicalTime(data.filledAt),
      };
    }
    case 'TradeCancelled': {
      if (view === null) return null;
      return { ...view, status: 'CANCELLED', version: event.version, updatedAt: canonicalTime(trading.data.cancelledAt) };
    }
  }
};

export const tradeViewKey = (tenant: string, tradeId: string): string => JSON.stringify([tenant, tradeId]);

/** The key of the trade an event belongs to, or null when the event is not about a trade. */
export const tradeKeyOf = (event: RecordedEvent): string | null => {
  const tradeId = event.data['tradeId'];
  return typeof tradeId === 'string' && event.type.startsWith('Trade') ? tradeViewKey(event.metadata.tenant, tradeId) : null;
};

/** Every trade view of a log, folded from scratch. */
export const foldTradeViews = (events: Iterable<RecordedEvent>): Map<string, TradeView> => {
  const views = new Map<string, TradeView>();
  for (const event of events) {
    const key = tradeKeyOf(event);
    if (key === null) continue;
    const next = evolveTradeView(views.get(key) ?? null, event);
    if (next !== null) views.set(key, next);
  }
  return views;
};
