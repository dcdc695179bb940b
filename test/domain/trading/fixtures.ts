import type { CancelTrade, PlaceTrade, RecordFill, TradingCommandMetadata } from '../../../domain/trading/commands.js';
import type { TradeCancelled, TradeFilled, TradePlaced } from '../../../domain/trading/events.js';

export const placedAt = '2025-03-01T14:00:00.000Z';
export const now = '2025-03-01T15:00:00.000Z';
export const metadata: TradingCommandMetadata = { now, maxTradeMwh: 50 };

export const terms = {
  tradeId: 't-1',
  accountId: 'acct-7',
  instrument: 'ERCOT.HB_NORTH.DA',
  side: 'BUY',
  quantityMwh: 10,
  limitPrice: -12.5,
} as const satisfies PlaceTrade['data'];

export const placeTrade = (data: Partial<PlaceTrade['data']> = {}, meta: Partial<TradingCommandMetadata> = {}): PlaceTrade => ({
  type: 'PlaceTrade',
  data: { ...terms, ...data },
  metadata: { ...metadata, ...meta },
});

export const recordFill = (fillId: string, quantityMwh: number, price = 31.25): RecordFill => ({
  type: 'RecordFill',
  data: { tradeId: terms.tradeId, fillId, quantityMwh, price },
  metadata,
});

export const cancelTrade = (reason: string | null = 'client request'): CancelTrade => ({
  type: 'CancelTrade',
  data: { tradeId: terms.tradeId, reason },
  metadata,
});

export const tradePlaced = (data: Partial<TradePlaced['data']> = {}): TradePlaced => ({
  type: 'TradePlaced',
  data: { ...terms, placedAt, ...data },
});

export const tradeFilled = (
  fillId: string,
  quantityMwh: number,
  totalFilledMwh: number,
  { complete = totalFilledMwh === terms.quantityMwh, price = 31.25 }: { complete?: boolean; price?: number } = {},
): TradeFilled => ({
  type: 'TradeFilled',
  data: {
    tradeId: terms.tradeId,
    fillId,
    accountId: terms.accountId,
    instrument: terms.instrument,
    side: terms.side,
    quantityMwh,
    price,
    totalFilledMwh,
    complete,
    filledAt: now,
  },
});

export const tradeCancelled = (reason: string | null = 'client request'): TradeCancelled => ({
  type: 'TradeCancelled',
  data: { tradeId: terms.tradeId, reason, cancelledAt: now },
});
