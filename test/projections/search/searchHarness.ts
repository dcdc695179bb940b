import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AiProvider } from '../../../commands/ai/aiProvider.js';
import type { CommandContext } from '../../../commands/commandBus.js';
import type { AiBudget } from '../../../commands/documents/aiBudget.js';
import { createTextExtractor } from '../../../commands/documents/createTextExtractor.js';
import { processDocument, type ProcessingDeps } from '../../../commands/documents/processDocument.js';
import { uploadDocument } from '../../../commands/documents/uploadDocument.js';
import type { EventStore } from '../../../commands/eventStore.js';
import { createLocalAiProvider } from '../../../infra/ai/localAiProvider.js';
import { createLocalBlobStore } from '../../../infra/blob/localBlobStore.js';
import { pdfText } from '../../../infra/documents/pdfText.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { createInProcessChangeFeed } from '../../../projections/changeFeed.js';
import { createProjectionRuntime } from '../../../projections/runtime.js';
import { searchDocuments, type SearchMode } from '../../../projections/search/searchDocuments.js';
import { createSemanticIndex } from '../../../projections/search/semanticIndex.js';
import { searchProjection } from '../../../projections/search/searchProjection.js';
import type { SemanticSearch } from '../../../projections/search/semanticSearch.js';
import { createTestDb, type TestDb } from '../../support/testDb.js';

export const userContext = (tenant: string, roles: string[] = ['energy.analyst']): CommandContext => ({ tenant, actor: 'analyst-1', roles, correlationId: `c-${tenant}`, traceparent: null });
export const pipelineContext = (tenant: string): CommandContext => ({ tenant, actor: 'document-pipeline', roles: ['saga'], correlationId: `p-${tenant}`, traceparent: null });

/** The embedded mode, for real: PostgreSQL or PGlite, the event store, the search projection running, a blob folder, the local AI. */
export const startSearchHarness = async (name: string, { ai = createLocalAiProvider(), budget }: { ai?: AiProvider; budget?: (db: TestDb) => AiBudget } = {}) => {
  const db: TestDb = await createTestDb(name);
  const store: EventStore = createPostgresEventStore(db);
  const runtime = createProjectionRuntime({ db, store, feed: createInProcessChangeFeed(), projections: [searchProjection], idleWaitMs: 50 });
  await runtime.start();
  const blobDir = await mkdtemp(path.join(tmpdir(), `ll-${name}-`));
  const blobs = createLocalBlobStore(blobDir);
  const deps: ProcessingDeps = {
    store, blobs, ai, extractText: createTextExtractor({ pdf: (bytes) => pdfText(bytes) }),
    waitForIndex: (position) => runtime.waitFor(position, { timeoutMs: 10_000 }),
    ...(budget ? { budget: budget(db) } : {}),
  };
  const semanticIndex = createSemanticIndex();
  const embedQuery = async (text: string) => {
    const { vectors, usage } = await ai.embed([text]);
    return { vector: vectors[0] ?? [], model: usage.model };
  };
  return {
    db, store, blobs, runtime, deps,
    /** Upload then process, as a user and the pipeline would, then wait until search sees the outcome. */
    ingest: async (tenant: string, fileName: string, bytes: Uint8Array, contentType: string | null = null) => {
      const uploaded = await uploadDocument({ store, blobs }, { fileName, contentType, bytes }, userContext(tenant));
      const events = await processDocument(deps, uploaded.documentId, pipelineContext(tenant));
      await runtime.waitFor(events.at(-1)?.position ?? 0, { timeoutMs: 10_000 }); // read your writes
      return { uploaded, events };
    },
    /** Semantic similarity computed in the database by SQL over real[] (default), in process, or by `semantic`. */
    search: (tenant: string, query: string, mode: SearchMode, first = 10, { inProcess = false, semantic }: { inProcess?: boolean; semantic?: SemanticSearch } = {}) =>
      searchDocuments(db, embedQuery, { tenant, query, mode, first }, { ...(inProcess ? { semantic: semanticIndex.search } : {}), ...(semantic ? { semantic } : {}) }),
    close: async () => {
      await runtime.stop();
      await store.close();
      await db.close();
      await rm(blobDir, { recursive: true, force: true });
    },
  };
};
