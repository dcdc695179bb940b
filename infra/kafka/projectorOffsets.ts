import type { Sql } from '../db/db.js';

/** The next offset of each partition of `topic` the projector has applied (partitions it never applied are absent). */
export const readProjectorOffsets = async (sql: Sql, projector: string, topic: string): Promise<Map<number, string>> => {
  const { rows } = await sql.query<{ partition: number; next_offset: string }>(
    'SELECT partition, next_offset FROM ll_projector_offsets WHERE projector = $1 AND topic = $2',
    [projector, topic],
  );
  return new Map(rows.map((row) => [Number(row.partition), String(row.next_offset)]));
};

/**
 * Locks the partition's offset row for the rest of the transaction and returns its next offset (0 for a
 * partition never applied). Two projectors that both believe they own the partition (a rebalance in
 * flight) queue here; the second sees the offset the first committed.
 */
export const lockProjectorOffset = async (tx: Sql, projector: string, topic: string, partition: number): Promise<bigint> => {
  await tx.query('INSERT INTO ll_projector_offsets (projector, topic, partition, next_offset) VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING', [projector, topic, partition]);
  const { rows } = await tx.query<{ next_offset: string }>(
    'SELECT next_offset FROM ll_projector_offsets WHERE projector = $1 AND topic = $2 AND partition = $3 FOR UPDATE',
    [projector, topic, partition],
  );
  return BigInt(rows[0]?.next_offset ?? 0);
};

export const saveProjectorOffset = async (tx: Sql, projector: string, topic: string, partition: number, nextOffset: bigint): Promise<void> => {
  await tx.query('UPDATE ll_projector_offsets SET next_offset = $4, updated_at = now() WHERE projector = $1 AND topic = $2 AND partition = $3', [projector, topic, partition, nextOffset.toString()]);
};

/** The last version of each of these streams the projector applied (0 when none). */
export const readStreamVersions = async (tx: Sql, projector: string, streamIds: readonly string[]): Promise<Map<string, number>> => {
  const { rows } = await tx.query<{ stream_id: string; version: string }>(
    'SELECT stream_id, version FROM ll_projector_streams WHERE projector = $1 AND stream_id = ANY($2::text[])',
    [projector, [...streamIds]],
  );
  return new Map(rows.map((row) => [row.stream_id, Number(row.version)]));
};

export const saveStreamVersions = async (tx: Sql, projector: string, versions: ReadonlyMap<string, number>): Promise<void> => {
  if (versions.size === 0) return;
  await tx.query(
    `INSERT INTO ll_projector_streams (projector, stream_id, version) SELECT $1, s, v FROM unnest($2::text[], $3::bigint[]) AS x(s, v)
     ON CONFLICT (projector, stream_id) DO UPDATE SET version = excluded.version`,
    [projector, [...versions.keys()], [...versions.values()]],
  );
};
