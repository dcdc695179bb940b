import { connectPglite, connectPostgres, type Db } from '../../infra/db/db.js';
import { freshDatabase } from '../../infra/db/freshDatabase.js';
import { migrate } from '../../infra/db/migrate.js';
import { pgliteTemplate } from '../../infra/db/pgliteTemplate.js';

/**
 * A fresh, migrated database for one test file: a new PostgreSQL database on the server of
 * DATABASE_URL when it is set, an in-memory PGlite otherwise. PGlite starts from a prepared data
 * directory cached in .cache/ (its first initdb takes seconds).
 */
export type TestDb = Db & Readonly<{ url: string | null }>;

export const databaseUrl = (): string | null => process.env['DATABASE_URL'] || null;

const databaseName = (name: string): string => `ll_test_${name.replace(/\W+/g, '_').toLowerCase()}`.slice(0, 60);

export const createTestDb = async (name: string, { kind = databaseUrl() ? 'postgres' : 'pglite', max = 10 }: { kind?: 'postgres' | 'pglite'; max?: number } = {}): Promise<TestDb> => {
  if (kind === 'postgres') {
    const base = databaseUrl();
    if (base === null) throw new Error('createTestDb: postgres needs DATABASE_URL');
    const url = await freshDatabase(base, databaseName(name));
    const db = connectPostgres({ connectionString: url, max });
    await migrate(db);
    return { ...db, url };
  }
  const db = await connectPglite({ dataDir: null, loadDataDir: await pgliteTemplate() });
  await migrate(db);
  return { ...db, url: null };
};

/** true when REQUIRE_INFRA=1: a test that needs a missing service must fail, not skip. */
export const requireInfra = (): boolean => process.env['REQUIRE_INFRA'] === '1';

/** The skip reason for a test that needs `variable`, or false when it can run (throws under REQUIRE_INFRA). */
export const skipUnless = (variable: 'DATABASE_URL' | 'REDIS_URL' | 'KAFKA_BROKERS' | 'KURRENTDB_URL'): string | false => {
  if (process.env[variable]) return false;
  if (requireInfra()) throw new Error(`REQUIRE_INFRA=1 but ${variable} is not set`);
  return `${variable} is not set`;
};
