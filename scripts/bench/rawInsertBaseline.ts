import { randomUUID } from 'node:crypto';
import type { Db } from '../../infra/db/db.js';
import { throughput, type Figure } from './measure.js';

const rowsPerInsert = 500;

/**
 * (a) The baseline: multi-row INSERTs of `count` rows, `rowsPerInsert` at a time, one transaction each,
 * into a table with the event table's shape and indexes, with no event-store logic at all.
 */
export const rawInsertBaseline = async (db: Db, count: number): Promise<Figure> => {
  await db.query('DROP TABLE IF EXISTS bench_raw_events');
  await db.query('CREATE TABLE bench_raw_events (LIKE ll_events INCLUDING ALL)');
  const data = JSON.stringify({ tradeId: 't', accountId: 'acct-1', instrument: 'ERCOT.HB_NORTH.DA', side: 'BUY', quantityMwh: 5, limitPrice: 42.5 });
  const metadata = JSON.stringify({ tenant: 'bench', actor: 'bench', correlationId: randomUUID(), causationId: null, traceparent: null, schemaVersion: 1 });
  let position = 0;
  const figure = await throughput('(a) raw multi-row INSERT baseline', count, 'events/s', async () => {
    while (position < count) {
      const n = Math.min(rowsPerInsert, count - position);
      const positions = Array.from({ length: n }, () => ++position);
      await db.query(
        `INSERT INTO bench_raw_events (position, event_id, stream_id, version, type, category, tenant, data, metadata, recorded_at)
         SELECT p, e, 'trade-' || e, 1, 'TradePlaced', 'trade', 'bench', $3::jsonb, $4::jsonb, now()
         FROM unnest($1::bigint[], $2::text[]) AS x(p, e)`,
        [positions, positions.map(() => randomUUID()), data, metadata],
      );
    }
  }, `${rowsPerInsert} rows per INSERT`);
  await db.query('DROP TABLE bench_raw_events');
  return figure;
};
