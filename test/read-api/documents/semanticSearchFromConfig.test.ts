import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { silentLog } from '../../../commands/log.js';
import { ConfigError } from '../../../infra/config.js';
import { semanticSearchFromConfig } from '../../../read-api/schema/documents/semanticSearchFromConfig.js';
import { createTestDb, requireInfra, type TestDb } from '../../support/testDb.js';

describe('SEARCH_SEMANTIC, decided at start', () => {
  let lite: TestDb;
  before(async () => { lite = await createTestDb('semantic_choice_pglite', { kind: 'pglite' }); });
  after(() => lite.close());

  it('auto falls back to the in-process index where there is no pgvector, and says why', async () => {
    const choice = await semanticSearchFromConfig({ SEARCH_SEMANTIC: 'auto' }, lite, silentLog);
    assert.deepEqual([choice.name, choice.detail], ['process', 'in-process index (PGlite is built without pgvector)']);
  });

  it('refuses to start with SEARCH_SEMANTIC=pgvector where there is none, naming the setting', async () => {
    await assert.rejects(semanticSearchFromConfig({ SEARCH_SEMANTIC: 'pgvector' }, lite, silentLog), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /SEARCH_SEMANTIC: pgvector is not available: PGlite is built without pgvector/);
      return true;
    });
  });

  it('takes process and sql as asked', async () => {
    assert.equal((await semanticSearchFromConfig({ SEARCH_SEMANTIC: 'process' }, lite, silentLog)).name, 'process');
    assert.equal((await semanticSearchFromConfig({ SEARCH_SEMANTIC: 'sql' }, lite, silentLog)).name, 'sql');
  });

  it('auto uses pgvector on a PostgreSQL server that has it', async (t) => {
    if (!process.env['DATABASE_URL']) {
      if (requireInfra()) throw new Error('REQUIRE_INFRA=1 but DATABASE_URL is not set');
      return t.skip('DATABASE_URL is not set');
    }
    const db = await createTestDb('semantic_choice_postgres');
    try {
      const { rows } = await db.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`);
      if (rows.length === 0 && !requireInfra()) return t.skip('the server has no pgvector (npm run pgvector installs it)');
      const choice = await semanticSearchFromConfig({ SEARCH_SEMANTIC: 'auto' }, db, silentLog);
      assert.equal(choice.name, 'pgvector');
      assert.match(choice.detail, /^pgvector \d+\.\d+/);
    } finally {
      await db.close();
    }
  });
});
