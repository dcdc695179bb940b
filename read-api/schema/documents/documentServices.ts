import type { AiHealth, AiProvider } from '../../../commands/ai/aiProvider.js';
import { authorise } from '../../../commands/permissions.js';
import type { AiBudget } from '../../../commands/documents/aiBudget.js';
import type { BlobStore } from '../../../commands/documents/blobStore.js';
import type { Log } from '../../../commands/log.js';
import { uploadDocument, type UploadInput, type UploadResult } from '../../../commands/documents/uploadDocument.js';
import type { EventStore } from '../../../commands/eventStore.js';
import type { Sql } from '../../../infra/db/db.js';
import { aiUsage, type AiUsageSummary } from '../../../projections/search/aiUsageQueries.js';
import { getDocument, listDocuments, processedDocumentsAfter, type DocumentFilter, type DocumentView } from '../../../projections/search/documentQueries.js';
import type { SearchHit, SearchRequest } from '../../../projections/search/searchDocuments.js';
import type { SemanticSearch } from '../../../projections/search/semanticSearch.js';
import type { GraphQLContext } from '../../context.js';
import type { CallerContext } from '../../gatewayServices.js';
import { gatewayError } from '../../errors/gatewayError.js';
import { createSearchService } from './searchService.js';

/** The documents half of the gateway: upload, the search read model and AI usage. The processing saga (role `saga`) does the rest. */
export type DocumentServices = Readonly<{
  upload: (input: UploadInput, caller: CallerContext) => Promise<UploadResult>;
  getDocument: (q: { tenant: string; id: string }) => Promise<DocumentView | null>;
  listDocuments: (q: DocumentFilter) => Promise<readonly DocumentView[]>;
  /** Documents whose processing ended past `after` (documentProcessed's resume). */
  processedAfter: (q: { tenant: string; documentId: string | null; after: number; limit: number }) => Promise<readonly DocumentView[]>;
  search: (q: SearchRequest, caller: CallerContext) => Promise<readonly SearchHit[]>;
  aiUsage: (q: { tenant: string; from: Date; to: Date }) => Promise<AiUsageSummary>;
  aiHealth: () => Promise<readonly AiHealth[]>;
  /** Read-your-writes on the search read model. */
  waitFor: (position: number, options: { timeoutMs: number; signal?: AbortSignal }) => Promise<void>;
  maxUploadBytes: number;
}>;

type Runtime = Readonly<{ waitFor: (token: number, options?: { timeoutMs?: number; signal?: AbortSignal; projections?: readonly string[] }) => Promise<void> }>;

/**
 * The gateway's documents services: uploads go to the blob store and the log (DocumentUploaded starts
 * the processing saga); queries read the search read model, which the projection runtime must run;
 * semantic queries are embedded by `ai`, the provider the saga enriches with, and compared by `semantic`.
 */
export const createDocumentServices = ({ sql, store, runtime, ai, budget, blobs, semantic, maxUploadBytes, log }: {
  sql: Sql; store: EventStore; runtime: Runtime; ai: AiProvider; budget: AiBudget; blobs: BlobStore; semantic: SemanticSearch; maxUploadBytes: number; log?: Log;
}): DocumentServices => {
  const search = createSearchService({ sql, store, ai, budget, semantic, ...(log ? { log } : {}) });
  return {
    upload: (input, caller) => uploadDocument({ store, blobs, maxBytes: maxUploadBytes }, input, caller),
    getDocument: (q) => getDocument(sql, q),
    listDocuments: (q) => listDocuments(sql, q),
    processedAfter: (q) => processedDocumentsAfter(sql, q),
    search,
    aiUsage: (q) => aiUsage(sql, q.tenant, q),
    aiHealth: () => ai.health(),
    waitFor: (position, options) => runtime.waitFor(position, { ...options, projections: ['search'] }),
    maxUploadBytes,
  };
};

/** The caller's tenant when they may read documents. */
export const documentReader = (caller: CallerContext): string => {
  authorise(caller.roles, 'document.read');
  return caller.tenant;
};

/** The documents services of the gateway (added to its services by read-api/system.ts). */
export const documentServicesOf = (ctx: GraphQLContext): DocumentServices => {
  const services = ctx.services.documents;
  if (services === undefined) throw gatewayError('SERVICE_UNAVAILABLE', 'Documents are not served by this process');
  return services;
};
