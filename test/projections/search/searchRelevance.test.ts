import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { enablePgvector } from '../../../infra/db/pgvector.js';
import { pgvectorSearch } from '../../../projections/search/pgvectorSearch.js';
import { searchModes } from '../../../projections/search/searchDocuments.js';
import { requireInfra } from '../../support/testDb.js';
import { eventually } from '../projectionFixture.js';
import { startSearchHarness } from './searchHarness.js';

type Corpus = { documents: { id: string; fileName: string; text: string }[]; queries: { query: string; expected: string }[] };
const corpus = JSON.parse(readFileSync(new URL('../../fixtures/documents/searchCorpus.json', import.meta.url), 'utf8')) as Corpus;
const tenant = 't-relevance';

let harness: Awaited<ReturnType<typeof startSearchHarness>>;
const fileNameOf = new Map<string, string>();
before(async () => {
  harness = await startSearchHarness('projections_search_relevance');
  for (const doc of corpus.documents) {
    const { events } = await harness.ingest(tenant, doc.fileName, new TextEncoder().encode(doc.text));
    assert.equal(events.at(-1)?.type, 'DocumentIndexed', `${doc.id} was not indexed: ${JSON.stringify(events.at(-1)?.data)}`);
    fileNameOf.set(doc.fileName, doc.id);
  }
});
after(() => harness.close());

describe('search relevance on the committed corpus (32 documents, 14 queries)', () => {
  for (const inProcess of [false, true]) {
    for (const mode of searchModes) {
      if (inProcess && mode === 'KEYWORD') continue;
      it(`${mode}${inProcess ? ' (cosines in process)' : ''}: the expected document is in the top 3 for every query`, async () => {
        const misses: string[] = [];
        for (const { query, expected } of corpus.queries) {
          const hits = await harness.search(tenant, query, mode, 3, { inProcess });
          const ids = hits.map((hit) => fileNameOf.get(hit.fileName));
          if (!ids.includes(expected)) misses.push(`"${query}" → ${ids.join(', ')} (expected ${expected})`);
        }
        assert.deepEqual(misses, []);
      });
    }
  }

  it('ranks the same in the database and in process, with the same cosines', async () => {
    for (const { query } of corpus.queries) {
      const [database, process] = [await harness.search(tenant, query, 'SEMANTIC', 10), await harness.search(tenant, query, 'SEMANTIC', 10, { inProcess: true })];
      assert.deepEqual(process.map((h) => h.documentId), database.map((h) => h.documentId), query);
      process.forEach((h, i) => assert.ok(Math.abs(h.score - (database[i]?.score ?? 0)) < 1e-5, query));
      assert.deepEqual(process.map((h) => h.snippet), database.map((h) => h.snippet));
    }
  });
});

describe('semantic search with pgvector (when the PostgreSQL server has it)', () => {
  const unavailable = async (): Promise<string | false> => {
    if (harness.db.kind === 'pglite') return 'PGlite has no pgvector';
    const { rows } = await harness.db.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`);
    if (rows.length > 0) return false;
    if (requireInfra()) throw new Error('REQUIRE_INFRA=1 but the server of DATABASE_URL has no pgvector (npm run pgvector installs it)');
    return 'the server of DATABASE_URL has no pgvector (npm run pgvector installs it)';
  };

  it('is set up at start over the chunks already indexed, and finds the expected document in the top 3 in every mode', async (t) => {
    const skip = await unavailable();
    if (skip) return t.skip(skip);
    const status = await enablePgvector(harness.db);
    assert.equal(status.enabled, true, status.detail);
    assert.deepEqual(await enablePgvector(harness.db), status, 'a second start finds it set up');
    for (const mode of searchModes) {
      const misses: string[] = [];
      for (const { query, expected } of corpus.queries) {
        const ids = (await harness.search(tenant, query, mode, 3, { semantic: pgvectorSearch })).map((hit) => fileNameOf.get(hit.fileName));
        if (!ids.includes(expected)) misses.push(`${mode} "${query}" → ${ids.join(', ')} (expected ${expected})`);
      }
      assert.deepEqual(misses, []);
    }
  });

  it('ranks as SQL over real[] does, with the same cosines, including documents indexed after the set-up', async (t) => {
    const skip = await unavailable();
    if (skip) return t.skip(skip);
    await enablePgvector(harness.db);
    const { uploaded } = await harness.ingest(tenant, 'late.md', new TextEncoder().encode('# Late note\nA pumped hydro plant refilled its reservoir overnight.'));
    const late = await harness.search(tenant, 'pumped hydro reservoir', 'SEMANTIC', 3, { semantic: pgvectorSearch });
    assert.equal(late[0]?.documentId, uploaded.documentId);
    for (const { query } of [...corpus.queries, { query: 'pumped hydro reservoir' }]) {
      const [sql, pgvector] = [await harness.search(tenant, query, 'SEMANTIC', 10), await harness.search(tenant, query, 'SEMANTIC', 10, { semantic: pgvectorSearch })];
      assert.deepEqual(pgvector.map((h) => h.documentId), sql.map((h) => h.documentId), query);
      pgvector.forEach((h, i) => assert.ok(Math.abs(h.score - (sql[i]?.score ?? 0)) < 1e-5, `${query}: ${h.score} vs ${sql[i]?.score}`));
    }
  });

  it('leaves out a chunk whose embedding has no direction (its cosine is NaN) and answers a query without one with nothing', async (t) => {
    const skip = await unavailable();
    if (skip) return t.skip(skip);
    await enablePgvector(harness.db);
    const { uploaded } = await harness.ingest(tenant, 'blank.md', new TextEncoder().encode('# Blank\nNothing to see.'));
    await harness.db.query(`UPDATE search_chunks SET embedding = array_fill(0::real, ARRAY[array_length(embedding, 1)]) WHERE tenant = $1 AND document_id = $2`, [tenant, uploaded.documentId]);
    const hits = await harness.search(tenant, 'solar record', 'SEMANTIC', 50, { semantic: pgvectorSearch });
    assert.ok(hits.length > 0 && hits.every((hit) => hit.documentId !== uploaded.documentId && Number.isFinite(hit.score)));
    const dimensions = (await harness.db.query<{ n: number }>('SELECT array_length(embedding, 1) AS n FROM search_chunks LIMIT 1')).rows[0]?.n ?? 0;
    assert.deepEqual(await pgvectorSearch(harness.db, tenant, '', { model: 'local-hashed-bow-384', vector: new Array<number>(dimensions).fill(0) }, 10), []);
  });

  it('survives a rebuild of the search read model: the copies keep the vector column, its storage and the index names', async (t) => {
    const skip = await unavailable();
    if (skip) return t.skip(skip);
    await enablePgvector(harness.db);
    const indexes = async () => (await harness.db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('search_documents', 'search_chunks', 'ai_usage') ORDER BY 1`)).rows.map((r) => r.indexname);
    const before = { indexes: await indexes(), hits: await harness.search(tenant, 'solar record', 'SEMANTIC', 5, { semantic: pgvectorSearch }) };
    await harness.runtime.stop();
    await harness.db.query(`UPDATE ll_checkpoints SET version = 0 WHERE name = 'search'`); // what npm run rebuild does
    await harness.runtime.start();
    await eventually(async () => (await harness.db.query<{ version: number }>(`SELECT version FROM ll_checkpoints WHERE name = 'search'`)).rows[0]?.version === 1, { what: 'the rebuilt search read model swapped in', timeoutMs: 20_000 });
    const { rows: [column] } = await harness.db.query<{ attstorage: string; attgenerated: string }>(`SELECT attstorage, attgenerated FROM pg_attribute WHERE attrelid = 'search_chunks'::regclass AND attname = 'embedding_vector'`);
    assert.deepEqual(column, { attstorage: 'm', attgenerated: 's' });
    assert.deepEqual(await indexes(), before.indexes);
    assert.deepEqual(await harness.search(tenant, 'solar record', 'SEMANTIC', 5, { semantic: pgvectorSearch }), before.hits);
  });
});
