import type { TradeView } from './changeFeed.js';
import { int, isoTime, numberOrNull } from './sqlTime.js';

/** The columns of a `trades` row that make a TradeView, for SELECTs. */
export const tradeColumns =
  'tenant, id, account_id, instrument, side, quantity_mwh, filled_mwh, limit_price, average_fill_price, status, version, placed_at, updated_at';

export const tradeFromRow = (row: Record<string, unknown>): TradeView => ({
  id: String(row['id']),
  tenant: String(row['tenant']),
  accountId: String(row['account_id']),
  instrument: String(row['instrument']),
  side: row['side'] as TradeView['side'],
  quantityMwh: Number(row['quantity_mwh']),
  filledMwh: Number(row['filled_mwh']),
  limitPrice: Number(row['limit_price']),
  averageFillPrice: numberOrNull(row['average_fill_price']),
  status: row['status'] as TradeView['status'],
  version: int(row['version']),
  placedAt: isoTime(row['placed_at']),
  updatedAt: isoTime(row['updated_at']),
});
