import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectPglite, type Db } from '../../infra/db/db.js';
import { createTestDb, databaseUrl, type TestDb } from '../support/testDb.js';
import { runScript } from './scriptRunner.js';

/** The scripts an operator runs against a stopped Ledgerline: on DATABASE_URL's server, or on PGlite in DATA_DIR. */
describe('npm run rebuild and npm run audit', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let testDb: TestDb | null = null;
  /** The database the scripts see; PGlite has one process at a time, so it is opened around each use. */
  const withDb = async <T,>(use: (db: Db) => Promise<T>): Promise<T> => {
    if (testDb !== null) return use(testDb);
    const db = await connectPglite({ dataDir: path.join(dataDir, 'pglite') });
    try {
      return await use(db);
    } finally {
      await db.close();
    }
  };
  const versions = () => withDb(async (db) => Object.fromEntries((await db.query<{ name: string; version: number }>('SELECT name, version FROM ll_checkpoints')).rows.map((r) => [r.name, Number(r.version)])));

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'll-operator-'));
    if (databaseUrl() !== null) {
      testDb = await createTestDb('operator_scripts');
      env = { DATABASE_URL: testDb.url! };
    } else {
      env = { DATA_DIR: dataDir };
      assert.equal((await runScript('migrate', [], env)).code, 0);
    }
    await withDb((db) => db.query(`INSERT INTO ll_checkpoints (name, version, position) VALUES ('trades', 1, 0), ('positions', 1, 0), ('saga-router:onboarding', 1, 0)`));
  });
  after(async () => {
    await testDb?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('rebuild marks the named read models for a rebuild and leaves the rest alone', async () => {
    const run = await runScript('rebuild', ['trades'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /marked for a rebuild at the next start: trades/);
    assert.deepEqual(await versions(), { trades: 0, positions: 1, 'saga-router:onboarding': 1 });
  });

  it('rebuild refuses an unknown projection, listing the known ones', async () => {
    const run = await runScript('rebuild', ['tardes'], env);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /unknown projection\(s\): tardes/);
    assert.match(run.stderr, /projections: positions, trades/);
  });

  it('audit reports an intact log, and exits 1 naming what it finds in a broken one', async () => {
    const intact = await runScript('audit', [], env);
    assert.equal(intact.code, 0, intact.stderr);
    assert.match(intact.stdout, /the log is intact/);
    await withDb((db) => db.query('UPDATE ll_head SET position = 5 WHERE id = 1'));
    const broken = await runScript('audit', [], env);
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /FOUND {2}positions are 1\.\.head without a gap: head is 5 but the last event is at 0/);
  });
});
