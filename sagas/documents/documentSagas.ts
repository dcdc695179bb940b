import type { EventStore } from '../../commands/eventStore.js';
import type { Log } from '../../commands/log.js';
import type { ProcessingDeps } from '../../commands/documents/processDocument.js';
import type { Db } from '../../infra/db/db.js';
import type { Clock } from '../clock.js';
import { createSagaRuntime, type SagaRuntime } from '../sagaRuntime.js';
import { documentProcessingSaga } from './documentProcessing.js';
import { createDocumentProcessingHandlers } from './documentProcessingHandlers.js';

/** Documents processed at the same time by one process. */
export const DOCUMENT_CONCURRENCY = 2;

/**
 * The processing saga on a runtime of its own (`documents`): a document's steps take seconds (a PDF, a
 * remote model), and a runtime's worker runs its work in order, so onboarding and escalation do not wait
 * behind documents. Three tries per step (1 s, then 2 s apart) before the document is marked failed; a
 * lease of five minutes covers a large document's enrichment by a remote model.
 */
export const createDocumentSagas = ({ db, store, deps, log, clock }: { db: Db; store: EventStore; deps: ProcessingDeps; log?: Log; clock?: Clock }): SagaRuntime =>
  createSagaRuntime({
    db,
    store,
    sagas: [documentProcessingSaga],
    handlers: createDocumentProcessingHandlers(deps),
    name: 'documents',
    concurrency: DOCUMENT_CONCURRENCY,
    batchSize: 4 * DOCUMENT_CONCURRENCY,
    leaseMs: 5 * 60_000,
    retry: { maxAttempts: 3 },
    ...(log ? { log } : {}),
    ...(clock ? { clock } : {}),
  });
