import { ConfigError, loadConfig } from '../infra/config.js';
import { migrate } from '../infra/db/migrate.js';
import { openDatabase } from '../read-api/system.js';

/** `npm run migrate`: brings the database of DATABASE_URL (or DATA_DIR/pglite) up to date and prints what it applied. */
try {
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    const applied = await migrate(db);
    const where = db.kind === 'pglite' ? `PGlite in ${config.DATA_DIR}/pglite` : 'PostgreSQL (DATABASE_URL)';
    console.log(applied.length === 0 ? `${where}: already up to date` : `${where}: applied ${applied.join(', ')}`);
  } finally {
    await db.close();
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
