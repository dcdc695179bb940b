import { z } from 'zod';
import { tradeSide } from './events.js';

/**
 * Trading commands. The zod schemas validate what a caller sends (`data`); `metadata` is added by the
 * command bus: the time and the tenant's risk limit arrive inside the command, the domain never fetches them.
 * zod numbers are finite: NaN and ±Infinity never reach the decider.
 */
const TRADE_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
const INSTRUMENT_PATTERN = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

const tradeId = z.string().regex(TRADE_ID_PATTERN, 'letters, digits and _ . : - only, at most 128');
const name = z.string().trim().min(1).max(128);

export const placeTradeData = z.object({
  tradeId,
  accountId: name,
  instrument: z.string().max(64).regex(INSTRUMENT_PATTERN, 'like ERCOT.HB_NORTH.DA'),
  side: tradeSide,
  quantityMwh: z.number().positive(),
  /** $/MWh; power prices can be negative. */
  limitPrice: z.number(),
});

export const recordFillData = z.object({
  tradeId,
  fillId: name,
  quantityMwh: z.number().positive(),
  price: z.number(),
});

export const cancelTradeData = z.object({
  tradeId,
  reason: z.string().max(500).nullable().default(null),
});

export type TradingCommandMetadata = Readonly<{ now: string; maxTradeMwh: number }>;

export type PlaceTrade = Readonly<{ type: 'PlaceTrade'; data: z.infer<typeof placeTradeData>; metadata: TradingCommandMetadata }>;
export type RecordFill = Readonly<{ type: 'RecordFill'; data: z.infer<typeof recordFillData>; metadata: TradingCommandMetadata }>;
export type CancelTrade = Readonly<{ type: 'CancelTrade'; data: z.infer<typeof cancelTradeData>; metadata: TradingCommandMetadata }>;
export type TradingCommand = PlaceTrade | RecordFill | CancelTrade;
