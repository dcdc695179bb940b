import { documentError } from '../../domain/documents/documentError.js';
import { processingStep } from '../../domain/documents/events.js';
import { readDocumentEvents } from '../../commands/documents/documentStream.js';
import { enrichDocument, extractDocumentText, failDocument, markDocumentIndexed, type ProcessingDeps } from '../../commands/documents/processDocument.js';
import type { CommandResult } from '../../commands/commandBus.js';
import type { ActionContext, ActionHandlers } from '../actionHandler.js';
import { sagaCommandContext } from '../onboardingHandlers.js';

const documentIdOf = (input: Readonly<Record<string, unknown>>): string => String(input['documentId']);

const outcome = ({ position, appended }: CommandResult) => ({ position, appended });

/**
 * The processing saga's actions: the pipeline's steps (commands/documents/processDocument.ts), each
 * idempotent on the document's stream, so a retried or repeated action appends nothing twice and never
 * calls the AI for a document already enriched.
 */
export const createDocumentProcessingHandlers = (deps: ProcessingDeps): ActionHandlers => {
  const step = (run: typeof extractDocumentText) => async (input: Readonly<Record<string, unknown>>, context: ActionContext) =>
    outcome(await run(deps, documentIdOf(input), sagaCommandContext(context)));
  return {
    'document.accept': async (input, context) => {
      const documentId = documentIdOf(input);
      const events = await readDocumentEvents(deps.store, documentId, context.tenant);
      if (events.length === 0) throw documentError('DOCUMENT_NOT_FOUND', `Document ${documentId} not found`, { documentId });
      return { documentId };
    },
    'document.extract': step(extractDocumentText),
    'document.enrich': step(enrichDocument),
    'document.index': step(markDocumentIndexed),
    'document.fail': async (input, context) => {
      const failure = { step: processingStep.parse(input['step']), code: String(input['code']), reason: String(input['reason']), attempts: Number(input['attempts']) };
      return outcome(await failDocument(deps, documentIdOf(input), failure, sagaCommandContext(context)));
    },
  };
};
