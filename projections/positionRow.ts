import type { PositionView } from './changeFeed.js';
import { isoTime, numberOrNull } from './sqlTime.js';

/** The columns of a `positions` row that make a PositionView, for SELECTs. */
export const positionColumns = 'tenant, account_id, instrument, net_mwh, average_price, updated_at';

export const positionFromRow = (row: Record<string, unknown>): PositionView => ({
  tenant: String(row['tenant']),
  accountId: String(row['account_id']),
  instrument: String(row['instrument']),
  netMwh: Number(row['net_mwh']),
  averagePrice: numberOrNull(row['average_price']),
  updatedAt: isoTime(row['updated_at']),
});
