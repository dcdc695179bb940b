import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import { holdsDatabase, readPgliteTemplate } from './pgliteTemplate.js';

/** The part of a SQL connection that the ports of commands/, projections/ and read-api/ need. */
export type Sql = Readonly<{
  query: <Row = Record<string, unknown>>(text: string, params?: readonly unknown[]) => Promise<{ rows: Row[]; rowCount: number }>;
}>;

export type Db = Sql &
  Readonly<{
    kind: 'postgres' | 'pglite';
    /** Runs fn in one transaction on one connection; commits on success, rolls back on a throw. */
    transaction: <T>(fn: (tx: Sql) => Promise<T>) => Promise<T>;
    /** A pg Client config for tools that open their own connection (knex migrations, LISTEN). */
    connectionConfig: () => pg.ClientConfig;
    /** true when several connections can work at once (false on PGlite, which has one). */
    concurrent: boolean;
    close: () => Promise<void>;
  }>;

const fromClient = (client: pg.Pool | pg.PoolClient): Sql => ({
  query: async <Row,>(text: string, params: readonly unknown[] = []) => {
    const result = await client.query(text, params as unknown[]);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  },
});

const withTransaction = (pool: pg.Pool) => async <T,>(fn: (tx: Sql) => Promise<T>): Promise<T> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(fromClient(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};

export type PostgresOptions = Readonly<{ connectionString: string; max?: number; applicationName?: string }>;

export const connectPostgres = ({ connectionString, max = 10, applicationName = 'ledgerline' }: PostgresOptions): Db => {
  const config: pg.ClientConfig = { connectionString, application_name: applicationName };
  const pool = new pg.Pool({ ...config, max });
  pool.on('error', () => undefined); // an idle client's error surfaces on its next use
  return {
    kind: 'postgres',
    ...fromClient(pool),
    transaction: withTransaction(pool),
    connectionConfig: () => config,
    concurrent: true,
    close: () => pool.end(),
  };
};

/**
 * Embedded PostgreSQL (PGlite) behind the same pg driver. PGlite has a single connection, so the pool
 * holds one client and every transaction has it to itself.
 */
export const connectPglite = async ({ dataDir, loadDataDir }: { dataDir: string | null; loadDataDir?: Blob | undefined }): Promise<Db> => {
  if (dataDir !== null) mkdirSync(path.dirname(dataDir), { recursive: true });
  const template = loadDataDir ?? (dataDir !== null && !holdsDatabase(dataDir) ? readPgliteTemplate() : undefined);
  const lite = await PGlite.create(dataDir ?? 'memory://', template ? { loadDataDir: template } : {});
  const pool = new pg.Pool({ ...(createPgConfig(lite) as unknown as pg.PoolConfig), max: 1 });
  return {
    kind: 'pglite',
    ...fromClient(pool),
    transaction: withTransaction(pool),
    connectionConfig: () => createPgConfig(lite) as unknown as pg.ClientConfig,
    concurrent: false,
    close: async () => {
      await pool.end();
      await lite.close();
    },
  };
};
