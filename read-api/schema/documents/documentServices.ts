import path from 'node:path';
import type { AiHealth } from '../../../commands/ai/aiProvider.js';
import { createTextExtractor } from '../../../commands/documents/createTextExtractor.js';
import { authoriseRead } from '../../../commands/documents/documentAccess.js';
import { createDocumentProcessor, type ProcessedDocument } from '../../../commands/documents/documentProcessor.js';
import { uploadDocument, type UploadInput, type UploadResult } from '../../../commands/documents/uploadDocument.js';
import type { EventStore } from '../../../commands/eventStore.js';
import type { Log } from '../../../commands/log.js';
import { aiProviderFromConfig } from '../../../infra/ai/aiProviderFromConfig.js';
import { createLocalBlobStore } from '../../../infra/blob/localBlobStore.js';
import type { Config } from '../../../infra/config.js';
import type { Sql } from '../../../infra/db/db.js';
import { pdfText } from '../../../infra/documents/pdfText.js';
import { aiUsage, monthlyAiBudget, type AiUsageSummary } from '../../../projections/search/aiUsageQueries.js';
import { getDocument, listDocuments, unfinishedDocuments, type DocumentFilter, type DocumentView } from '../../../projections/search/documentQueries.js';
import { searchDocuments, type SearchHit, type SearchRequest } from '../../../projections/search/searchDocuments.js';
import { createSemanticIndex } from '../../../projections/search/semanticIndex.js';
import type { GraphQLContext } from '../../context.js';
import type { CallerContext } from '../../gatewayServices.js';
import { gatewayError } from '../../errors/gatewayError.js';

/** The documents half of the gateway: upload, the search read model, AI usage and processing events. */
export type DocumentServices = Readonly<{
  upload: (input: UploadInput, caller: CallerContext) => Promise<UploadResult>;
  getDocument: (q: { tenant: string; id: string }) => Promise<DocumentView | null>;
  listDocuments: (q: DocumentFilter) => Promise<readonly DocumentView[]>;
  search: (q: SearchRequest) => Promise<readonly SearchHit[]>;
  aiUsage: (q: { tenant: string; from: Date; to: Date }) => Promise<AiUsageSummary>;
  aiHealth: () => Promise<readonly AiHealth[]>;
  /** Read-your-writes on the search read model. */
  waitFor: (position: number, options: { timeoutMs: number; signal?: AbortSignal }) => Promise<void>;
  onProcessed: (listener: (processed: ProcessedDocument) => void) => () => void;
  maxUploadBytes: number;
  /** Resolves when no document is being processed (tests). */
  idle: () => Promise<void>;
  stop: () => Promise<void>;
}>;

type Runtime = Readonly<{ waitFor: (token: number, options?: { timeoutMs?: number; signal?: AbortSignal; projections?: readonly string[] }) => Promise<void> }>;

/**
 * Composes the documents services of the embedded mode: blobs in DATA_DIR/blobs, the AI of the
 * configuration (local by default), the pipeline run in this process after each upload, and on start
 * the documents a previous run left unfinished. The projection runtime must run the search projection.
 */
export const createDocumentServices = ({ config, sql, store, runtime, log }: { config: Config; sql: Sql; store: EventStore; runtime: Runtime; log: Log }): DocumentServices => {
  const blobs = createLocalBlobStore(path.join(config.DATA_DIR, 'blobs'));
  const ai = aiProviderFromConfig(config, log.child({ component: 'ai' }));
  const waitForIndex = (position: number) => runtime.waitFor(position, { timeoutMs: 60_000, projections: ['search'] });
  const processor = createDocumentProcessor({
    deps: { store, blobs, ai, extractText: createTextExtractor({ pdf: (bytes) => pdfText(bytes) }), budget: monthlyAiBudget(sql, config.AI_TENANT_MONTHLY_BUDGET_USD), waitForIndex },
    log: log.child({ component: 'documents' }),
  });
  void unfinishedDocuments(sql).then(
    (documents) => documents.forEach(({ tenant, id }) => processor.enqueue(tenant, id)),
    (error: unknown) => log.error({ err: error }, 'could not list unfinished documents'),
  );
  const semanticIndex = createSemanticIndex();
  const embedQuery = async (text: string) => {
    const { vectors, usage } = await ai.embed([text]);
    return { vector: vectors[0] ?? [], model: usage.model };
  };
  return {
    upload: async (input, caller) => {
      const result = await uploadDocument({ store, blobs, maxBytes: config.UPLOAD_MAX_BYTES }, input, caller);
      if (!result.duplicate) processor.enqueue(caller.tenant, result.documentId);
      return result;
    },
    getDocument: (q) => getDocument(sql, q),
    listDocuments: (q) => listDocuments(sql, q),
    search: (q) => searchDocuments(sql, embedQuery, q, { semanticIndex }),
    aiUsage: (q) => aiUsage(sql, q.tenant, q),
    aiHealth: () => ai.health(),
    waitFor: (position, options) => runtime.waitFor(position, { ...options, projections: ['search'] }),
    onProcessed: processor.onProcessed,
    maxUploadBytes: config.UPLOAD_MAX_BYTES,
    idle: processor.idle,
    stop: processor.stop,
  };
};

/** The caller's tenant when they may read documents. */
export const documentReader = (caller: CallerContext): string => {
  authoriseRead(caller.roles);
  return caller.tenant;
};

/** The documents services of the gateway (added to its services by read-api/system.ts). */
export const documentServicesOf = (ctx: GraphQLContext): DocumentServices => {
  const services = (ctx.services as { documents?: DocumentServices }).documents;
  if (services === undefined) throw gatewayError('SERVICE_UNAVAILABLE', 'Documents are not served by this process');
  return services;
};
