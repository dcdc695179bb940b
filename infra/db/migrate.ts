import knex from 'knex';
import type { Knex } from 'knex';
import type { Db } from './db.js';
import { migrations, type Migration } from './migrations/all.js';

const source: Knex.MigrationSource<readonly [string, Migration]> = {
  getMigrations: async () => [...migrations],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

/**
 * Brings the schema up to date with knex's migrator (its lock table keeps two processes from migrating
 * at once). Run it before anything else uses the database: on PGlite it opens a second handle on the
 * single connection.
 */
export const migrate = async (db: Db): Promise<readonly string[]> => {
  const client = knex({ client: 'pg', connection: db.connectionConfig() as Knex.PgConnectionConfig, pool: { min: 0, max: 1 } });
  try {
    const [, applied] = (await client.migrate.latest({ migrationSource: source, tableName: 'll_migrations' })) as [number, string[]];
    return applied;
  } finally {
    await client.destroy();
  }
};
