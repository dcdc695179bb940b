import type { Sql } from '../infra/db/db.js';
import type { HotPositions } from '../projections/hotPositions.js';
import { positionUpdatesAfter } from '../projections/positionQueries.js';
import { getTrade, listTrades, tradeUpdatesAfter } from '../projections/tradeQueries.js';
import type { ReadModelsPort } from './gatewayServices.js';

/**
 * The read models the gateway serves: trades from SQL, positions from the hot copy (Redis or in-process;
 * the projection runtime counts it in its position, so `consistentWith` covers it), history from SQL.
 */
export const bindReadModels = ({ sql, hot }: { sql: Sql; hot: HotPositions }): ReadModelsPort => ({
  getTrade: (q) => getTrade(sql, q),
  listTrades: (q) => listTrades(sql, q),
  listPositions: ({ tenant, accountId }) => hot.list(tenant, accountId),
  tradeUpdatesAfter: (q) => tradeUpdatesAfter(sql, q),
  positionUpdatesAfter: (q) => positionUpdatesAfter(sql, q),
});
