import type { Sql } from '../infra/db/db.js';
import type { PositionView } from './changeFeed.js';
import { positionColumns, positionFromRow } from './positionRow.js';
import { int } from './sqlTime.js';

/** An account's net positions, one per instrument, ordered by instrument. */
export const listPositions = async (sql: Sql, { tenant, accountId }: { tenant: string; accountId: string }): Promise<PositionView[]> => {
  const { rows } = await sql.query(`SELECT ${positionColumns} FROM positions WHERE tenant = $1 AND account_id = $2 ORDER BY instrument`, [tenant, accountId]);
  return rows.map(positionFromRow);
};

export type PositionUpdate = Readonly<{ position: PositionView; cursor: number }>;

/** Every change of an account's positions after log position `after`, in log order. */
export const positionUpdatesAfter = async (
  sql: Sql,
  { tenant, accountId, after, limit }: { tenant: string; accountId: string; after: number; limit: number },
): Promise<PositionUpdate[]> => {
  const { rows } = await sql.query<{ position: string; snapshot: PositionView }>(
    'SELECT position, snapshot FROM position_updates WHERE tenant = $1 AND account_id = $2 AND position > $3 ORDER BY position LIMIT $4',
    [tenant, accountId, after, limit],
  );
  return rows.map((row) => ({ position: row.snapshot, cursor: int(row.position) }));
};
