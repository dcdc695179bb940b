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
  const column = <T,>(pick: (position: PositionView, at: number) => T): T[] => latest.map(({ view, at }) => pick(view, at));
  await tx.query(
    `INSERT INTO positions (tenant, account_id, instrument, net_mwh, average_price, updated_at, last_position)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::timestamptz[], $7::bigint[])
     ON CONFLICT (tenant, account_id, instrument) DO UPDATE SET
       net_mwh = excluded.net_mwh, average_price = excluded.average_price, updated_at = excluded.updated_at,
       last_position = excluded.last_position`,
    [
      column((p) => p.tenant), column((p) => p.accountId), column((p) => p.instrument), column((p) => p.netMwh),
      column((p) => p.averagePrice), column((p) => p.updatedAt), column((_, at) => at),
    ],
  );
};

const recordPositionUpdates = async (tx: Sql, changes: readonly { view: PositionView; at: number }[]): Promise<void> => {
  await tx.query(
    `INSERT INTO position_updates (position, tenant, account_id, instrument, snapshot)
     SELECT p, t, a, i, s::jsonb FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(p, t, a, i, s)`,
    [
      changes.map(({ at }) => at), changes.map(({ view }) => view.tenant), changes.map(({ view }) => view.accountId),
      changes.map(({ view }) => view.instrument), changes.map(({ view }) => JSON.stringify(view)),
    ],
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
  reset: async (tx) => {
    await tx.query('DELETE FROM position_updates');
    await tx.query('DELETE FROM positions');
  },
};
