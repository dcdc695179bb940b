import type { Sql } from '../infra/db/db.js';
import type { Projection } from './projection.js';

/** A projection whose tables are named: it can be rebuilt beside them. */
export type ShadowedProjection = Projection & Readonly<{ tables: readonly string[] }>;

export type Shadow = Readonly<{ schema: string; checkpoint: string }>;

/** Where a projection's next version is built: schema `ll_shadow_<name>`, checkpoint row `shadow:<name>`. */
export const shadowOf = (name: string): Shadow => ({ schema: `ll_shadow_${name.replace(/\W/g, '_').toLowerCase()}`, checkpoint: `shadow:${name}` });

/**
 * Prepares (or finds, to resume) the shadow of a projection whose version changed: empty copies of its
 * tables, with their columns, defaults, constraints, indexes and storage, in a schema of their own, and
 * a checkpoint row of their own. Returns how far the shadow has been built.
 */
export const prepareShadow = async (tx: Sql, projection: ShadowedProjection): Promise<number> => {
  const { schema, checkpoint } = shadowOf(projection.name);
  const { rows: [found] } = await tx.query<{ version: number; position: string }>('SELECT version, position FROM ll_checkpoints WHERE name = $1 FOR UPDATE', [checkpoint]);
  if (found !== undefined && found.version === projection.version) return Number(found.position);
  await tx.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await tx.query(`CREATE SCHEMA ${schema}`);
  for (const table of projection.tables) await tx.query(`CREATE TABLE ${schema}.${table} (LIKE ${table} INCLUDING ALL)`);
  await tx.query(
    `INSERT INTO ll_checkpoints (name, version, position) VALUES ($1, $2, 0)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = 0, updated_at = now()`,
    [checkpoint, projection.version],
  );
  return 0;
};

/** Makes the projection's unqualified table names mean the shadow's for the rest of the transaction. */
export const useShadow = (tx: Sql, name: string): Promise<unknown> => tx.query(`SET LOCAL search_path TO ${shadowOf(name).schema}, public`);

type IndexRow = { indexname: string; indexdef: string };

/** An index's definition without its name and schema, to match a moved index with the one it replaces. */
const shape = (definition: string): string => definition.replace(/INDEX \S+ ON \S+\.(\S+)/, 'INDEX ON $1');

const indexesOf = async (tx: Sql, schema: string, table: string): Promise<IndexRow[]> =>
  (await tx.query<IndexRow>('SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2', [schema, table])).rows;

/**
 * Swaps the shadow in, in the caller's transaction: each table the old version served is dropped and
 * its shadow moved into its place, its indexes renamed as the old ones were (migrations name them).
 */
export const swapShadow = async (tx: Sql, projection: ShadowedProjection): Promise<void> => {
  const { schema, checkpoint } = shadowOf(projection.name);
  const { rows: [{ current } = { current: 'public' }] } = await tx.query<{ current: string }>('SELECT current_schema() AS current');
  for (const table of projection.tables) {
    const originals = await indexesOf(tx, current, table);
    await tx.query(`DROP TABLE ${current}.${table}`);
    await tx.query(`ALTER TABLE ${schema}.${table} SET SCHEMA ${current}`);
    for (const moved of await indexesOf(tx, current, table)) {
      const original = originals.find((index) => shape(index.indexdef) === shape(moved.indexdef));
      if (original !== undefined && original.indexname !== moved.indexname) await tx.query(`ALTER INDEX ${current}.${moved.indexname} RENAME TO ${original.indexname}`);
    }
  }
  await tx.query('DELETE FROM ll_checkpoints WHERE name = $1', [checkpoint]);
  await tx.query(`DROP SCHEMA ${schema} CASCADE`);
};
