import type { TradeSide } from './events.js';

/** What a trade was placed with; fixed for the trade's life. */
export type TradeTerms = Readonly<{
  tradeId: string;
  accountId: string;
  instrument: string;
  side: TradeSide;
  quantityMwh: number;
  limitPrice: number;
  placedAt: string;
}>;

/** What the fills did so far. `fillIds` are the venue's fill ids already applied, in order. */
export type TradeFills = Readonly<{ filledMwh: number; fillIds: readonly string[] }>;

/** The state of one trade stream, tagged by `status`. */
export type Trade =
  | Readonly<{ status: 'none' }>
  | (Readonly<{ status: 'open' }> & TradeTerms & TradeFills)
  | (Readonly<{ status: 'partiallyFilled' }> & TradeTerms & TradeFills)
  | (Readonly<{ status: 'filled' }> & TradeTerms & TradeFills)
  | (Readonly<{ status: 'cancelled'; reason: string | null; cancelledAt: string }> & TradeTerms & TradeFills);

export type TradeStatus = Trade['status'];
export type PlacedTrade = Exclude<Trade, { status: 'none' }>;

export const initialState = (): Trade => ({ status: 'none' });

/** MWh are kept to the watt-hour (1e-6 MWh), so that sums of decimal fills compare exactly. */
const MWH_SCALE = 1_000_000;

export const roundMwh = (mwh: number): number => Math.round(mwh * MWH_SCALE) / MWH_SCALE;

export const addMwh = (a: number, b: number): number => roundMwh(a + b);
