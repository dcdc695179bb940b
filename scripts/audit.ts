/**
 * npm run audit: verifies the event log of DATABASE_URL (or the embedded database in DATA_DIR) for an
 * auditor, read-only: a gap-free global order, stream versions 1..n in commit order, ll_streams in step
 * with the log, complete envelopes, and every payload valid against its event type's schema. Prints a
 * report; exits 1 when anything is found.
 */
import { eventSchemas } from '../domain/eventSchemas.js';
import { ConfigError, loadConfig } from '../infra/config.js';
import { auditEventLog } from '../infra/eventStore/auditEventLog.js';
import { createPostgresEventStore } from '../infra/eventStore/postgresEventStore.js';
import { openDatabase } from '../read-api/system.js';
import { auditPayloads } from './audit/auditPayloads.js';

try {
  const config = loadConfig();
  const db = await openDatabase(config);
  const store = createPostgresEventStore(db);
  try {
    const log = await auditEventLog(db);
    const payloads = await auditPayloads(store, eventSchemas);
    const findings = [...log.findings, ...payloads.findings];
    console.log(`events: ${log.events}, streams: ${log.streams}, head position: ${log.head}, payloads checked: ${payloads.checked}`);
    for (const { check, detail } of findings) console.log(`  FOUND  ${check}: ${detail}`);
    console.log(findings.length === 0 ? 'the log is intact' : `${findings.length} finding(s)`);
    process.exitCode = findings.length === 0 ? 0 : 1;
  } finally {
    await store.close();
    await db.close();
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}
