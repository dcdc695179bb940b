import { z } from 'zod';

/** Trading events: declared once, in zod. The Avro schemas under schemas/avro/trading are generated from these. */
export const tradeSide = z.enum(['BUY', 'SELL']);
export type TradeSide = z.infer<typeof tradeSide>;

export const tradePlaced = z.object({
  tradeId: z.string(),
  accountId: z.string(),
  instrument: z.string(),
  side: tradeSide,
  quantityMwh: z.number(),
  limitPrice: z.number(),
  placedAt: z.string(),
});

export const tradeFilled = z.object({
  tradeId: z.string(),
  fillId: z.string(),
  accountId: z.string(),
  instrument: z.string(),
  side: tradeSide,
  quantityMwh: z.number(),
  price: z.number(),
  /** Filled MWh of the trade after this fill. */
  totalFilledMwh: z.number(),
  /** true when this fill completes the trade's quantity. */
  complete: z.boolean(),
  filledAt: z.string(),
});

export const tradeCancelled = z.object({
  tradeId: z.string(),
  reason: z.string().nullable(),
  cancelledAt: z.string(),
});

export const tradingEventSchemas = {
  TradePlaced: tradePlaced,
  TradeFilled: tradeFilled,
  TradeCancelled: tradeCancelled,
} as const;

export type TradePlaced = Readonly<{ type: 'TradePlaced'; data: z.infer<typeof tradePlaced> }>;
export type TradeFilled = Readonly<{ type: 'TradeFilled'; data: z.infer<typeof tradeFilled> }>;
export type TradeCancelled = Readonly<{ type: 'TradeCancelled'; data: z.infer<typeof tradeCancelled> }>;
export type TradingEvent = TradePlaced | TradeFilled | TradeCancelled;
export type TradingEventType = TradingEvent['type'];

export const tradeStreamId = (tradeId: string): string => `trade-${tradeId}`;

const isTradingEventType = (type: string): type is TradingEventType => Object.hasOwn(tradingEventSchemas, type);

/** A stored event (type and payload) as a typed trading event, its payload checked; null for other types. */
export const parseTradingEvent = ({ type, data }: Readonly<{ type: string; data: unknown }>): TradingEvent | null => {
  if (!isTradingEventType(type)) return null;
  switch (type) {
    case 'TradePlaced':
      return { type, data: tradePlaced.parse(data) };
    case 'TradeFilled':
      return { type, data: tradeFilled.parse(data) };
    case 'TradeCancelled':
      return { type, data: tradeCancelled.parse(data) };
  }
};
