import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { searchModes } from '../../../projections/search/searchDocuments.js';
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
