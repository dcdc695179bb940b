import type { RecordedEvent } from '../commands/eventStore.js';
import type { PositionView } from './changeFeed.js';
import { roundMwh } from './tradeView.js';
import { canonicalTime, tradingEventOf } from './tradingEvent.js';

/**
 * The average price of a position is its average cost: a fill that opens or grows the position moves
 * the average to the volume-weighted mean of the held MWh and the fill; a fill that shrinks it leaves
 * the average alone (the MWh sold or bought back realise a profit or loss, they do not change what the
 * rest cost); a fill that crosses zero opens the new side at the fill's price; a flat position has no
 * average (null).
 */
const averageAfter = (net: number, average: number | null, signed: number, price: number, nextNet: number): number | null => {
  if (nextNet === 0) return null;
  if (net === 0 || average === null) return price;
  if (Math.sign(net) === Math.sign(signed)) return (Math.abs(net) * average + Math.abs(signed) * price) / (Math.abs(net) + Math.abs(signed));
  if (Math.sign(nextNet) === Math.sign(net)) return average;
  return price;
};

/**
 * The net position of one account in one instrument: BUY fills add their MWh, SELL fills subtract them.
 * Only TradeFilled moves a position; every other event leaves it as it is. Pure, shared by the
 * `positions` projection, the hot copy and the tests.
 */
export const evolvePositionView = (view: PositionView | null, event: RecordedEvent): PositionView | null => {
  const trading = tradingEventOf(event);
  if (trading === null || trading.type !== 'TradeFilled') return view;
  const { data } = trading;
  const net = view?.netMwh ?? 0;
  const signed = data.side === 'BUY' ? data.quantityMwh : -data.quantityMwh;
  const netMwh = roundMwh(net + signed);
  return {
    tenant: event.metadata.tenant,
    accountId: data.accountId,
    instrument: data.instrument,
    netMwh,
    averagePrice: averageAfter(net, view?.averagePrice ?? null, signed, data.price, netMwh),
    updatedAt: canonicalTime(data.filledAt),
  };
};

export const positionViewKey = (tenant: string, accountId: string, instrument: string): string =>
  JSON.stringify([tenant, accountId, instrument]);

/** The key of the position an event moves, or null when it moves none. */
export const positionKeyOf = (event: RecordedEvent): string | null => {
  const { accountId, instrument } = event.data;
  return event.type === 'TradeFilled' && typeof accountId === 'string' && typeof instrument === 'string'
    ? positionViewKey(event.metadata.tenant, accountId, instrument)
    : null;
};

/** Every position of a log, folded from scratch. */
export const foldPositionViews = (events: Iterable<RecordedEvent>): Map<string, PositionView> => {
  const views = new Map<string, PositionView>();
  for (const event of events) {
    const key = positionKeyOf(event);
    if (key === null) continue;
    const next = evolvePositionView(views.get(key) ?? null, event);
    if (next !== null) views.set(key, next);
  }
  return views;
};
