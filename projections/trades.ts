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

/** The batch's rows as one jsonb parameter: PostgreSQL unpacks it faster than a dozen array literals. */
const asRecords = (folded: readonly { view: TradeView; at: number }[]): string => JSON.stringify(folded.map(({ view, at }) => ({ ...view, at })));

const recordColumns = `x(tenant text, id text, "accountId" text, instrument text, side text, "quantityMwh" float8, "filledMwh" float8,
  "limitPrice" float8, "averageFillPrice" float8, status text, version bigint, "placedAt" timestamptz, "updatedAt" timestamptz, at bigint)`;

const upsertTrades = async (tx: Sql, latest: readonly { view: TradeView; at: number }[]): Promise<void> => {
  await tx.query(
    `INSERT INTO trades (tenant, id, account_id, instrument, side, quantity_mwh, filled_mwh, limit_price, average_fill_price,
                         status, version, placed_at, updated_at, last_position)
     SELECT tenant, id, "accountId", instrument, side, "quantityMwh", "filledMwh", "limitPrice", "averageFillPrice",
            status, version, "placedAt", "updatedAt", at
     FROM jsonb_to_recordset($1::jsonb) AS ${recordColumns}
     ON CONFLICT (tenant, id) DO UPDATE SET
       filled_mwh = excluded.filled_mwh, average_fill_price = excluded.average_fill_price, status = excluded.status,
       version = excluded.version, updated_at = excluded.updated_at, last_position = excluded.last_position`,
    [asRecords(latest)],
  );
};

const recordTradeUpdates = async (tx: Sql, changes: readonly { view: TradeView; at: number }[]): Promise<void> => {
  await tx.query(
    `INSERT INTO trade_updates (position, tenant, account_id, trade_id, snapshot)
     SELECT x.at, x.v->>'tenant', x.v->>'accountId', x.v->>'id', x.v FROM jsonb_to_recordset($1::jsonb) AS x(at bigint, v jsonb)`,
    [JSON.stringify(changes.map(({ view, at }) => ({ at, v: view })))],
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
  tables: ['trades', 'trade_updates'],
};
