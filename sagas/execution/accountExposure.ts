import type { Sql } from '../../infra/db/db.js';

/** An account's position in one instrument: filled net MWh, and what its other open trades may still add. */
export type AccountExposure = Readonly<{ netMwh: number; openBuyMwh: number; openSellMwh: number }>;

export type AccountExposurePort = (q: Readonly<{ tenant: string; accountId: string; instrument: string; excludeTradeId: string }>) => Promise<AccountExposure>;

/** From the trades read model: filled BUY minus filled SELL, and the unfilled rest of open trades per side. */
export const accountExposureFromTrades =
  (sql: Sql): AccountExposurePort =>
  async ({ tenant, accountId, instrument, excludeTradeId }) => {
    const { rows } = await sql.query<{ net: number | null; open_buy: number | null; open_sell: number | null }>(
      `SELECT sum(CASE side WHEN 'BUY' THEN filled_mwh ELSE -filled_mwh END) AS net,
              sum(CASE WHEN side = 'BUY' AND status IN ('OPEN', 'PARTIALLY_FILLED') AND id <> $4 THEN quantity_mwh - filled_mwh ELSE 0 END) AS open_buy,
              sum(CASE WHEN side = 'SELL' AND status IN ('OPEN', 'PARTIALLY_FILLED') AND id <> $4 THEN quantity_mwh - filled_mwh ELSE 0 END) AS open_sell
       FROM trades WHERE tenant = $1 AND account_id = $2 AND instrument = $3`,
      [tenant, accountId, instrument, excludeTradeId],
    );
    const row = rows[0];
    return { netMwh: Number(row?.net ?? 0), openBuyMwh: Number(row?.open_buy ?? 0), openSellMwh: Number(row?.open_sell ?? 0) };
  };

/**
 * Whether a new trade keeps the account within `maxPositionMwh` even if every open trade on the same side
 * fills: BUY → net + open buys + quantity, SELL → net − open sells − quantity.
 */
export const checkPositionLimit = (exposure: AccountExposure, trade: Readonly<{ side: 'BUY' | 'SELL'; quantityMwh: number }>, maxPositionMwh: number) => {
  const worstMwh = trade.side === 'BUY' ? exposure.netMwh + exposure.openBuyMwh + trade.quantityMwh : exposure.netMwh - exposure.openSellMwh - trade.quantityMwh;
  const allowed = Math.abs(worstMwh) <= maxPositionMwh + 1e-9;
  const reason = allowed ? null : `a net position of ${Math.round(worstMwh * 1e6) / 1e6} MWh would exceed the account limit of ${maxPositionMwh} MWh`;
  return { allowed, reason, worstMwh, netMwh: exposure.netMwh, maxPositionMwh };
};
