import type { CommandContext } from '../commandBus.js';
import type { RecordedEvent } from '../eventStore.js';
import { silentLog, type Log } from '../log.js';
import { processDocument, type ProcessingDeps } from './processDocument.js';

export type ProcessedDocument = Readonly<{ tenant: string; documentId: string; events: readonly RecordedEvent[] }>;

export type DocumentProcessor = Readonly<{
  /** Queues a document; a document already queued or running is not queued twice. */
  enqueue: (tenant: string, documentId: string) => void;
  /** Called after each document's pipeline has ended (indexed or failed), once the read model shows it. */
  onProcessed: (listener: (processed: ProcessedDocument) => void) => () => void;
  /** Resolves when the queue is empty. */
  idle: () => Promise<void>;
  stop: () => Promise<void>;
}>;

/** The pipeline's own identity: it acts for the tenant, as the platform. */
export const pipelineContext = (tenant: string, documentId: string): CommandContext => ({
  tenant, actor: 'document-pipeline', roles: ['saga'], correlationId: `document-${documentId}`, traceparent: null,
});

/**
 * Runs the document pipeline in this process, `concurrency` documents at a time (the embedded mode;
 * with the saga runtime the processing saga calls the same steps). A failing document is recorded as
 * DocumentProcessingFailed by the pipeline; an error around it is logged and does not stop the queue.
 */
export const createDocumentProcessor = ({ deps, log = silentLog, concurrency = 2 }: Readonly<{ deps: ProcessingDeps; log?: Log; concurrency?: number }>): DocumentProcessor => {
  const queue: { tenant: string; documentId: string }[] = [];
  const pending = new Set<string>();
  const listeners = new Set<(processed: ProcessedDocument) => void>();
  const idleWaiters: (() => void)[] = [];
  let running = 0;
  let stopped = false;

  const settle = () => {
    if (running === 0 && queue.length === 0) for (const resolve of idleWaiters.splice(0)) resolve();
  };

  const run = async ({ tenant, documentId }: { tenant: string; documentId: string }) => {
    try {
      const events = await processDocument(deps, documentId, pipelineContext(tenant, documentId));
      await deps.waitForIndex(events.at(-1)?.position ?? 0);
      for (const listener of listeners) listener({ tenant, documentId, events });
    } catch (error) {
      log.error({ err: error, tenant, documentId }, 'document processing failed outside its steps');
    }
  };

  const pump = () => {
    while (!stopped && running < concurrency && queue.length > 0) {
      const next = queue.shift();
      if (next === undefined) break;
      running += 1;
      void run(next).finally(() => {
        running -= 1;
        pending.delete(`${next.tenant}\n${next.documentId}`);
        pump();
        settle();
      });
    }
  };

  return {
    enqueue: (tenant, documentId) => {
      const key = `${tenant}\n${documentId}`;
      if (stopped || pending.has(key)) return;
      pending.add(key);
      queue.push({ tenant, documentId });
      pump();
    },
    onProcessed: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    idle: () => new Promise<void>((resolve) => {
      idleWaiters.push(resolve);
      settle();
    }),
    stop: async () => {
      stopped = true;
      queue.length = 0;
      await new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settle();
      });
    },
  };
};
