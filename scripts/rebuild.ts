/**
 * npm run rebuild -- <projection>… (or --all): marks read models for a rebuild from the log. Their
 * checkpoint's version is set to 0, so the next start of a projector replays the whole log into copies
 * of their tables while the tables keep serving, then swaps the copies in (the same path as a projection
 * whose version was bumped). Stop the projectors first, or restart them afterwards.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../infra/config.js';
import { openDatabase } from '../read-api/system.js';

const { values, positionals } = parseArgs({ options: { all: { type: 'boolean', default: false } }, allowPositionals: true });

try {
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    const { rows } = await db.query<{ name: string }>('SELECT name FROM ll_checkpoints ORDER BY name');
    const known = rows.map((row) => row.name).filter((name) => !name.includes(':')); // 'saga-router:…' rows are positions, not read models
    const chosen = values.all ? known : positionals;
    const unknown = chosen.filter((name) => !known.includes(name));
    if (chosen.length === 0 || unknown.length > 0) {
      console.error(`${unknown.length > 0 ? `unknown projection(s): ${unknown.join(', ')}\n` : ''}usage: npm run rebuild -- <projection>… | --all\nprojections: ${known.join(', ') || '(none yet: start Ledgerline once)'}`);
      process.exitCode = 1;
    } else {
      await db.query('UPDATE ll_checkpoints SET version = 0, updated_at = now() WHERE name = ANY($1::text[])', [chosen]);
      console.log(`marked for a rebuild at the next start: ${chosen.join(', ')}`);
    }
  } finally {
    await db.close();
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}
