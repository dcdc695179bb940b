import type { Sql } from '../infra/db/db.js';
import type { TradeView } from './changeFeed.js';
import { int } from './sqlTime.js';
import { decodeTradeCursor, encodeTradeCursor } from './tradeCursor.js';
import { tradeColumns, tradeFromRow } from './tradeRow.js';

export const maxPageSize = 1000;

/** One trade of a tenant, or null (another tenant's trade is not found). */
export const getTrade = async (sql: Sql, { tenant, id }: { tenant: string; id: string }): Promise<TradeView | null> => {
  const { rows } = await sql.query(`SELECT ${tradeColumns} FROM trades WHERE tenant = $1 AND id = $2`, [tenant, id]);
  return rows[0] === undefined ? null : tradeFromRow(rows[0]);
};

export type TradePage = Readonly<{ items: TradeView[]; endCursor: string | null; hasNextPage: boolean }>;

/**
 * A page of a tenant's trades, newest first (placedAt, then id, descending). `after` is the endCursor of
 * the previous page; a cursor this API did not give throws InvalidCursorError. `first` is clamped to 1..1000.
 */
export const listTrades = async (
  sql: Sql,
  { tenant, accountId, status, first, after }: { tenant: string; accountId?: string | null; status?: TradeView['status'] | null; first: number; after?: string | null },
): Promise<TradePage> => {
  const limit = Math.max(1, Math.min(maxPageSize, Math.trunc(first)));
  const params: unknown[] = [tenant];
  const where = ['tenant = $1'];
  if (accountId != null) where.push(`account_id = $${params.push(accountId)}`);
  if (status != null) where.push(`status = $${params.push(status)}`);
  if (after != null) {
    const cursor = decodeTradeCursor(after);
    where.push(`(placed_at, id) < ($${params.push(cursor.placedAt)}::timestamptz, $${params.push(cursor.id)})`);
  }
  const { rows } = await sql.query(
    `SELECT ${tradeColumns} FROM trades WHERE ${where.join(' AND ')} ORDER BY placed_at DESC, id DESC LIMIT $${params.push(limit + 1)}`,
    params,
  );
  const items = rows.slice(0, limit).map(tradeFromRow);
  const last = items.at(-1);
  return { items, endCursor: last === undefined ? null : encodeTradeCursor(last), hasNextPage: rows.length > limit };
};

export type TradeUpdate = Readonly<{ trade: TradeView; cursor: number }>;

/** Every change of a tenant's trades after log position `after`, in log order: what a resuming subscriber missed. */
export const tradeUpdatesAfter = async (
  sql: Sql,
  { tenant, accountId, after, limit }: { tenant: string; accountId?: string | null; after: number; limit: number },
): Promise<TradeUpdate[]> => {
  const params: unknown[] = [tenant, after];
  const byAccount = accountId != null ? ` AND account_id = $${params.push(accountId)}` : '';
  const { rows } = await sql.query<{ position: string; snapshot: TradeView }>(
    `SELECT position, snapshot FROM trade_updates WHERE tenant = $1 AND position > $2${byAccount} ORDER BY position LIMIT $${params.push(limit)}`,
    params,
  );
  return rows.map((row) => ({ trade: row.snapshot, cursor: int(row.position) }));
};
