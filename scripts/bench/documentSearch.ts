import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CommandContext } from '../../commands/commandBus.js';
import { createTextExtractor } from '../../commands/documents/createTextExtractor.js';
import { pipelineContext, processDocument } from '../../commands/documents/processDocument.js';
import { uploadDocument } from '../../commands/documents/uploadDocument.js';
import type { EventStore } from '../../commands/eventStore.js';
import { createLocalAiProvider } from '../../infra/ai/localAiProvider.js';
import { createLocalBlobStore } from '../../infra/blob/localBlobStore.js';
import type { Db } from '../../infra/db/db.js';
import { pdfText } from '../../infra/documents/pdfText.js';
import { createInProcessChangeFeed } from '../../projections/changeFeed.js';
import { createProjectionRuntime } from '../../projections/runtime.js';
import { pgvectorSearch } from '../../projections/search/pgvectorSearch.js';
import { searchDocuments, searchModes, type SearchMode } from '../../projections/search/searchDocuments.js';
import { semanticSearch, type SemanticSearch } from '../../projections/search/semanticSearch.js';
import { enablePgvector } from '../../infra/db/pgvector.js';
import { createSemanticIndex } from '../../projections/search/semanticIndex.js';
import { searchProjection } from '../../projections/search/searchProjection.js';
import { inParallel, percentile, type Figure } from './measure.js';

const hubs = ['HB_NORTH', 'HB_HOUSTON', 'HB_WEST', 'HB_SOUTH', 'HB_PAN'];
const topics = [
  'a forced outage at a gas unit tripped offline', 'wind output surged overnight and prices turned negative', 'a heatwave lifted demand to a record peak',
  'transmission congestion widened the spread', 'battery storage discharged into the evening ramp', 'the regulator proposed a new rule on firming capacity',
  'solar generation set a midday record', 'a winter storm froze instrumentation', 'the desk hedged retail load with forward blocks', 'scarcity pricing reached the offer cap',
];
const queries = ['gas unit outage', 'negative prices wind', 'heatwave demand peak', 'congestion spread', 'battery evening ramp', 'regulator rule firming', 'solar record', 'winter storm', 'hedge retail load', 'offer cap scarcity'];

/** A deterministic generator (mulberry32), so every run indexes the same corpus. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const documentText = (i: number, next: () => number): string => {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const hub = pick(hubs);
  return [`# Market note ${i}`, `On 2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}, ${pick(topics)} at ${hub}.`,
    `ERCOT.${hub}.${next() < 0.5 ? 'DA' : 'RT'} settled at $${(20 + next() * 80).toFixed(2)}/MWh while ${pick(topics)}.`, `Desk ${i % 17} noted that ${pick(topics)}.`].join('\n');
};

/**
 * (f) Documents: indexing throughput with the local AI provider (upload, extract, enrich, embed,
 * project, DocumentIndexed) and search latency per mode over the indexed corpus, with the cosines computed
 * as the gateway would by default, then by the other ways for comparison.
 */
export const documentSearch = async (db: Db, store: EventStore, { documents = 10_000, searches = 200, concurrency = 16 } = {}): Promise<Figure[]> => {
  const runtime = createProjectionRuntime({ db, store, feed: createInProcessChangeFeed(), projections: [searchProjection], idleWaitMs: 20 });
  await runtime.start();
  const blobDir = await mkdtemp(path.join(tmpdir(), 'll-bench-blobs-'));
  const ai = createLocalAiProvider();
  const deps = { store, blobs: createLocalBlobStore(blobDir), ai, extractText: createTextExtractor({ pdf: (bytes: Uint8Array) => pdfText(bytes) }), waitForIndex: (p: number) => runtime.waitFor(p, { timeoutMs: 120_000 }) };
  const tenant = 'bench';
  const user: CommandContext = { tenant, actor: 'bench', roles: ['energy.analyst'], correlationId: 'bench', traceparent: null };
  const next = random(42);
  const texts = Array.from({ length: documents }, (_, i) => documentText(i, next));
  try {
    const started = process.hrtime.bigint();
    await inParallel(documents, concurrency, async (i) => {
      const { documentId } = await uploadDocument(deps, { fileName: `note-${i}.md`, contentType: 'text/markdown', bytes: new TextEncoder().encode(texts[i]) }, user);
      await processDocument(deps, documentId, pipelineContext(tenant, documentId));
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const figures: Figure[] = [{ name: '(h) documents indexed (local AI)', unit: 'documents/s', value: documents / seconds, detail: `${documents} in ${seconds.toFixed(1)} s, ${concurrency} at a time` }];
    const embedQuery = async (text: string) => {
      const { vectors, usage } = await ai.embed([text]);
      return { vector: vectors[0] ?? [], model: usage.model };
    };
    const measure = async (mode: SearchMode, semantic: SemanticSearch, count: number) => {
      await searchDocuments(db, embedQuery, { tenant, query: 'warm up', mode, first: 10 }, { semantic });
      const latencies: number[] = [];
      for (let i = 0; i < count; i++) {
        const t = performance.now();
        await searchDocuments(db, embedQuery, { tenant, query: queries[i % queries.length] ?? '', mode, first: 10 }, { semantic });
        latencies.push(performance.now() - t);
      }
      return latencies.sort((a, b) => a - b);
    };
    // The gateway's default (SEARCH_SEMANTIC=auto): pgvector when the server has it, else the in-process index.
    const pgvector = await enablePgvector(db);
    const chosen = pgvector.enabled ? { name: 'pgvector', search: pgvectorSearch } : { name: 'in-process index', search: createSemanticIndex().search };
    for (const mode of searchModes) {
      const latencies = await measure(mode, chosen.search, searches);
      figures.push({ name: `(h) search ${mode} p50`, unit: 'ms', value: percentile(latencies, 50), detail: `p95 ${percentile(latencies, 95).toFixed(1)} ms over ${documents} documents, ${searches} searches, first 10${mode === 'KEYWORD' ? '' : `, cosines by ${chosen.name}`}` });
    }
    // The other ways of computing the cosines, on the same corpus and queries.
    const others = [
      ...(pgvector.enabled ? [{ name: 'in-process index', search: createSemanticIndex().search, count: searches }] : []),
      { name: 'SQL over real[]', search: semanticSearch, count: Math.max(10, Math.floor(searches / 10)) },
    ];
    for (const other of others) {
      const latencies = await measure('SEMANTIC', other.search, other.count);
      figures.push({ name: `(h) search SEMANTIC p50, ${other.name}`, unit: 'ms', value: percentile(latencies, 50), detail: `p95 ${percentile(latencies, 95).toFixed(1)} ms, ${other.count} searches` });
    }
    return figures;
  } finally {
    await runtime.stop();
    await rm(blobDir, { recursive: true, force: true });
  }
};
