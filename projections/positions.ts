import type { RecordedEvent } from '../commands/eventStore.js';
import type { Sql } from '../infra/db/db.js';
import type { ChangeItem, PositionView } from './changeFeed.js';
import { foldBatch } from './foldBatch.js';
import { positionColumns, positionFromRow } from './positionRow.js';
import { evolvePositionView, positionKeyOf, positionViewKey } from './positionView.js';
import type { Projection } from './projection.js';

const loadPositions = async (tx: Sql, events: readonly RecordedEvent[]): Promise<Map<string, PositionView>> => {
  const keys = new Map<string, readonly [string, string, string]>();
  for (const event of events) {
    const key = positionKeyOf(event);
    if (key !== null) keys.set(key, [event.metadata.tenant, String(event.data['accountId']), String(event.data['instrument'])]);
  }
  const triples = [...keys.values()];
  const { rows } = await tx.query(
    `SELECT ${positionColumns} FROM positions
     WHERE (tenant, account_id, instrument) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`,
    [triples.map(([t]) => t), triples.map(([, a]) => a), triples.map(([, , i]) => i)],
  );
  return new Map(rows.map((row) => {
    const position = positionFromRow(row);
    return [positionViewKey(position.tenant, position.accountId, position.instrument), position];
  }));
};

const upsertPositions = async (tx: Sql, latest: readonly { view: PositionView; at: number }[]): Promise<void> => {
  await tx.query(
    `INSERT INTO positions (tenant, account_id, instrument, net_mwh, average_price, updated_at, last_position)
     SELECT tenant, "accountId", instrument, "netMwh", "averagePrice", "updatedAt", at
     FROM jsonb_to_recordset($1::jsonb)
       AS x(tenant text, "accountId" text, instrument text, "netMwh" float8, "averagePrice" float8, "updatedAt" timestamptz, at bigint)
     ON CONFLICT (tenant, account_id, instrument) DO UPDATE SET
       net_mwh = excluded.net_mwh, average_price = excluded.average_price, updated_at = excluded.updated_at,
       last_position = excluded.last_position`,
    [JSON.stringify(latest.map(({ view, at }) => ({ ...view, at })))],
  );
};

const recordPositionUpdates = async (tx: Sql, changes: readonly { view: PositionView; at: number }[]): Promise<void> => {
  await tx.query(
    `INSERT INTO position_updates (position, tenant, account_id, instrument, snapshot)
     SELECT x.at, x.v->>'tenant', x.v->>'accountId', x.v->>'instrument', x.v FROM jsonb_to_recordset($1::jsonb) AS x(at bigint, v jsonb)`,
    [JSON.stringify(changes.map(({ view, at }) => ({ at, v: view })))],
  );
};

/** The `positions` read model: each account's net MWh per instrument, and every change in `position_updates`. */
export const positionsProjection: Projection = {
  name: 'positions',
  version: 1,
  eventTypes: ['TradeFilled'],
  apply: async (tx, events): Promise<readonly ChangeItem[]> => {
    const { latest, changes } = foldBatch(events, await loadPositions(tx, events), positionKeyOf, evolvePositionView);
    if (changes.length === 0) return [];
    await upsertPositions(tx, latest);
    await recordPositionUpdates(tx, changes);
    return changes.map(({ view, at }) => ({ kind: 'position', tenant: view.tenant, at, position: view }));
  },
  tables: ['positions', 'position_updates'],
};
