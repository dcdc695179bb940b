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
  for (const mode of searchModes) {
    it(`${mode}: the expected document is in the top 3 for every query`, async () => {
      const misses: string[] = [];
      for (const { query, expected } of corpus.queries) {
        const hits = await harness.search(tenant, query, mode, 3);
        const ids = hits.map((hit) => fileNameOf.get(hit.fileName));
        if (!ids.includes(expected)) misses.push(`"${query}" → ${ids.join(', ')} (expected ${expected})`);
      }
      assert.deepEqual(misses, []);
    });
  }
});
