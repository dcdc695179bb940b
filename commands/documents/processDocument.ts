import type { ProcessingStep } from '../../domain/documents/events.js';
import { fold } from '../../domain/shared/decider.js';
import { documentDecider } from '../../domain/documents/documentDecider.js';
import { documentError } from '../../domain/documents/documentError.js';
import { parseDocumentEvent, type DocumentEvent } from '../../domain/documents/events.js';
import type { AiProvider } from '../ai/aiProvider.js';
import type { CommandContext, CommandResult } from '../commandBus.js';
import type { EventStore, RecordedEvent } from '../eventStore.js';
import { authorise } from '../permissions.js';
import { unlimitedBudget, type AiBudget } from './aiBudget.js';
import type { BlobStore } from './blobStore.js';
import { readDocumentEvents, runDocumentCommand } from './documentStream.js';
import { enrichText, enrichWithoutAi, type EnrichOptions } from './enrichText.js';
import type { TextExtractor } from './textExtractor.js';

export type ProcessingDeps = Readonly<{
  store: EventStore;
  blobs: BlobStore;
  extractText: TextExtractor;
  ai: AiProvider;
  budget?: AiBudget;
  /** Resolves once the search read model reflects the log up to `position` (the projection runtime's waitFor). */
  waitForIndex: (position: number) => Promise<void>;
  clock?: () => Date;
  maxTextChars?: number;
  enrich?: EnrichOptions;
}>;

export const MAX_TEXT_CHARS = 500_000;

const now = (deps: ProcessingDeps): string => (deps.clock ?? (() => new Date()))().toISOString();

const load = async (deps: ProcessingDeps, documentId: string, context: CommandContext) => {
  authorise(context.roles, 'document.process');
  const recorded = await readDocumentEvents(deps.store, documentId, context.tenant);
  const events = recorded.flatMap((e) => parseDocumentEvent(e) ?? []);
  const state = fold(documentDecider, events);
  if (state.status === 'none') throw documentError('DOCUMENT_NOT_FOUND', `Document ${documentId} not found`, { documentId });
  return { state, events, recorded };
};

const textOf = (events: readonly DocumentEvent[]): string => {
  const extracted = events.find((e) => e.type === 'TextExtracted');
  return extracted?.type === 'TextExtracted' ? extracted.data.text : '';
};

/** Step 1: the blob's text, recorded in TextExtracted (nothing when already extracted). */
export const extractDocumentText = async (deps: ProcessingDeps, documentId: string, context: CommandContext): Promise<CommandResult> => {
  const { state } = await load(deps, documentId, context);
  // Past this step (or failed): the decider answers the command without any text (nothing, or why not).
  if (state.status !== 'uploaded') return runDocumentCommand(deps.store, { type: 'RecordTextExtraction', data: { documentId, text: '', characters: 0, truncated: false, pages: null, extractor: 'none' }, metadata: { now: now(deps) } }, context);
  const extracted = await deps.extractText(await deps.blobs.get(state.blobKey), state.contentType);
  const maxChars = deps.maxTextChars ?? MAX_TEXT_CHARS;
  const data = { documentId, text: extracted.text.slice(0, maxChars), characters: extracted.text.length, truncated: extracted.text.length > maxChars, pages: extracted.pages, extractor: extracted.extractor };
  return runDocumentCommand(deps.store, { type: 'RecordTextExtraction', data, metadata: { now: now(deps) } }, context);
};

/** Step 2: summary, entities and chunk embeddings from the AI (or patterns only, over budget), in DocumentEnriched + AiUsageRecorded. */
export const enrichDocument = async (deps: ProcessingDeps, documentId: string, context: CommandContext): Promise<CommandResult> => {
  const { state, events } = await load(deps, documentId, context);
  const metadata = { now: now(deps) };
  // Not at this step: the decider answers (nothing when already enriched, else why not), without calling the AI.
  if (state.status !== 'extracted') return runDocumentCommand(deps.store, { type: 'RecordEnrichment', data: { documentId, ...enrichWithoutAi(''), aiSkippedReason: null }, metadata }, context);
  const text = textOf(events);
  const allowed = await (deps.budget ?? unlimitedBudget).allows(context.tenant);
  const enrichment = allowed ? await enrichText(deps.ai, text, deps.enrich) : enrichWithoutAi(text);
  return runDocumentCommand(deps.store, { type: 'RecordEnrichment', data: { documentId, ...enrichment, aiSkippedReason: allowed ? null : 'AI_BUDGET_EXCEEDED' }, metadata }, context);
};

/** Step 3: waits for the search read model to hold the enrichment, then records DocumentIndexed. */
export const markDocumentIndexed = async (deps: ProcessingDeps, documentId: string, context: CommandContext): Promise<CommandResult> => {
  const { events, recorded } = await load(deps, documentId, context);
  const enriched = recorded.find((e) => e.type === 'DocumentEnriched');
  if (enriched !== undefined) await deps.waitForIndex(enriched.position);
  const chunks = events.find((e) => e.type === 'DocumentEnriched');
  const count = chunks?.type === 'DocumentEnriched' ? chunks.data.chunks.length : 0;
  return runDocumentCommand(deps.store, { type: 'RecordIndexing', data: { documentId, chunks: count }, metadata: { now: now(deps) } }, context);
};

/** Why a step gave up, after how many tries. */
export type ProcessingFailure = Readonly<{ step: ProcessingStep; code: string; reason: string; attempts: number }>;

/** The failure of `step` from the error it threw: the error's code (INTERNAL_ERROR without one) and message. */
export const processingFailure = (step: ProcessingStep, error: unknown, attempts: number): ProcessingFailure => {
  const code = (error as { code?: unknown } | null)?.code;
  return { step, code: typeof code === 'string' ? code : 'INTERNAL_ERROR', reason: error instanceof Error ? error.message : String(error), attempts };
};

/** Records that a step gave up (after its retries), in DocumentProcessingFailed. */
export const failDocument = async (deps: ProcessingDeps, documentId: string, { step, code, reason, attempts }: ProcessingFailure, context: CommandContext): Promise<CommandResult> => {
  authorise(context.roles, 'document.process');
  return runDocumentCommand(deps.store, { type: 'RecordProcessingFailure', data: { documentId, step, code, reason: reason.slice(0, 1000), attempts }, metadata: { now: now(deps) } }, context);
};

const steps: ReadonlyArray<readonly [ProcessingStep, typeof extractDocumentText]> = [['extract', extractDocumentText], ['enrich', enrichDocument], ['index', markDocumentIndexed]];

/** The pipeline's own identity when it runs outside the saga (the benchmark): it acts for the tenant, as the platform. */
export const pipelineContext = (tenant: string, documentId: string): CommandContext => ({
  tenant, actor: 'document-pipeline', roles: ['saga'], correlationId: `document-${documentId}`, traceparent: null,
});

/**
 * The whole pipeline in one call, each step tried once: extract, enrich, index (the benchmark and the
 * tests of the steps; the processing saga calls the steps one by one, with retries). A step that throws is recorded as DocumentProcessingFailed and processing stops.
 * Each step is idempotent, so running the pipeline again resumes where it stopped.
 */
export const processDocument = async (deps: ProcessingDeps, documentId: string, context: CommandContext): Promise<readonly RecordedEvent[]> => {
  for (const [step, run] of steps) {
    try {
      await run(deps, documentId, context);
    } catch (error) {
      await failDocument(deps, documentId, processingFailure(step, error, 1), context);
      break;
    }
  }
  return readDocumentEvents(deps.store, documentId, context.tenant);
};
