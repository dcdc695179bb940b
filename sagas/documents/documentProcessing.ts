import { documentUploaded } from '../../domain/documents/events.js';
import { createStepSaga } from '../stepSaga.js';

export const DOCUMENT_PROCESSING = 'documentProcessing';

/** What the processing saga knows of its document. */
export type DocumentProcessingContext = Readonly<{ documentId: string; fileName: string; contentType: string }>;

/**
 * DocumentUploaded → accept → extract the text → enrich it with the AI → index it. Each step's action
 * appends the step's event to the document's stream (TextExtracted, DocumentEnriched, DocumentIndexed)
 * and is retried with backoff; a step that fails for good skips the rest and undoes `accept`, which
 * records DocumentProcessingFailed with the step, the code, the reason and the tries. The saga's id is
 * the document's id, which is unique across tenants, so an upload of the same bytes again starts nothing.
 */
export const documentProcessingSaga = createStepSaga<DocumentProcessingContext>({
  name: DOCUMENT_PROCESSING,
  eventTypes: ['DocumentUploaded'],
  sagaIdOf: (event) => (event.type === 'DocumentUploaded' ? String(event.data['documentId']) : null),
  start: ({ data }) => {
    const { documentId, fileName, contentType } = documentUploaded.parse(data);
    return { documentId, fileName, contentType };
  },
  steps: [
    {
      name: 'accept',
      action: ({ documentId }) => ({ name: 'document.accept', input: { documentId } }),
      compensation: ({ documentId }, failure) => ({
        name: 'document.fail',
        input: { documentId, step: failure.step, code: failure.code, reason: failure.message, attempts: failure.attempts },
      }),
    },
    { name: 'extract', action: ({ documentId }) => ({ name: 'document.extract', input: { documentId } }) },
    { name: 'enrich', action: ({ documentId }) => ({ name: 'document.enrich', input: { documentId } }) },
    { name: 'index', action: ({ documentId }) => ({ name: 'document.index', input: { documentId } }) },
  ],
});
