import type { RecordedEvent } from '../commands/eventStore.js';
import type { Sql } from '../infra/db/db.js';
import type { ChangeItem, TradeView } from './changeFeed.js';
import { foldBatch } from './foldBatch.js';
import type { Projection } from './projection.js';
import { tradeColumns, tradeFromRow } from './tradeRow.js';
import { evolveTradeView, tradeKeyOf, tradeViewKey } from './tradeView.js';
import { tradingEventTypes } from './tradingEvent.js';

const loadTrades = async (tx: Sql, events: readonly RecordedEvent[]): Promise<Map<string, TradeView>> => {
  const ids = new Map<string, readonly [string, string]>();
  for (const event of events) {
    const key = tradeKeyOf(event);
    if (key !== null) ids.set(key, [event.metadata.tenant, String(event.data['tradeId'])]);
  }
  const pairs = [...ids.values()];
  const { rows } = await tx.query(
    `SELECT ${tradeColumns} FROM trades WHERE (tenant, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [pairs.map(([tenant]) => tenant), pairs.map(([, id]) => id)],
  );
  return new Map(rows.map((row) => {
    const trade = tradeFromRow(row);
    return [tradeViewKey(trade.tenant, trade.id), trade];
  }));
};

const upsertTrades = async (tx: Sql, latest: readonly { view: TradeView; at: number }[]): Promise<void> => {
  const column = <T,>(pick: (trade: TradeView, at: number) => T): T[] => latest.map(({ view, at }) => pick(view, at));
  await tx.query(
    `INSERT INTO trades (tenant, id, account_id, instrument, side, quantity_mwh, filled_mwh, limit_price, average_fill_price,
                         status, version, placed_at, updated_at, last_position)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::float8[],
                          $9::float8[], $10::text[], $11::bigint[], $12::timestamptz[], $13::timestamptz[], $14::bigint[])
     ON CONFLICT (tenant, id) DO UPDATE SET
       filled_mwh = excluded.filled_mwh, average_fill_price = excluded.average_fill_price, status = excluded.status,
       version = excluded.version, updated_at = excluded.updated_at, last_position = excluded.last_position`,
    [
      column((t) => t.tenant), column((t) => t.id), column((t) => t.accountId), column((t) => t.instrument), column((t) => t.side),
      column((t) => t.quantityMwh), column((t) => t.filledMwh), column((t) => t.limitPrice), column((t) => t.averageFillPrice),
      column((t) => t.status), column((t) => t.version), column((t) => t.placedAt), column((t) => t.updatedAt), column((_, at) => at),
    ],
  );
};

const recordTradeUpdates = async (tx: Sql, changes: readonly { view: TradeView; at: number }[]): Promise<void> => {
  await tx.query(
    `INSERT INTO trade_updates (position, tenant, account_id, trade_id, snapshot)
     SELECT p, t, a, i, s::jsonb FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(p, t, a, i, s)`,
    [
      changes.map(({ at }) => at), changes.map(({ view }) => view.tenant), changes.map(({ view }) => view.accountId),
      changes.map(({ view }) => view.id), changes.map(({ view }) => JSON.stringify(view)),
    ],
  );
};

/** The `trades` read model: one row per trade, and every version of it in `trade_updates`. */
export const tradesProjection: Projection = {
  name: 'trades',
  version: 1,
  eventTypes: tradingEventTypes,
  apply: async (tx, events): Promise<readonly ChangeItem[]> => {
    const { latest, changes } = foldBatch(events, await loadTrades(tx, events), tradeKeyOf, evolveTradeView);
    if (changes.length === 0) return [];
    await upsertTrades(tx, latest);
    await recordTradeUpdates(tx, changes);
    return changes.map(({ view, at }) => ({ kind: 'trade', tenant: view.tenant, at, trade: view }));
  },
  reset: async (tx) => {
    await tx.query('DELETE FROM trade_updates');
    await tx.query('DELETE FROM trades');
  },
};
