import { assertNever } from '../shared/domainError.js';
import type { AiCallUsage, DocumentCommand, RecordEnrichment, UploadDocument } from './commands.js';
import { documentStages, type Document, type DocumentStage } from './document.js';
import { documentError } from './documentError.js';
import { isDocumentType } from './documentTypes.js';
import type { DocumentEvent } from './events.js';

/** Rejects an empty, too large or disallowed upload; the command handler checks before storing bytes. */
export const checkUpload = ({ sizeBytes, contentType }: Readonly<{ sizeBytes: number; contentType: string }>, maxBytes: number): void => {
  if (sizeBytes <= 0) throw documentError('DOCUMENT_EMPTY', 'The document is empty');
  if (sizeBytes > maxBytes) throw documentError('DOCUMENT_TOO_LARGE', `The document is ${sizeBytes} bytes; at most ${maxBytes} are allowed`, { sizeBytes, maxBytes });
  if (!isDocumentType(contentType)) throw documentError('DOCUMENT_TYPE_NOT_ALLOWED', `Documents of type ${contentType} are not accepted`, { contentType });
};

/** The same bytes from the same tenant map to the same stream: a second upload finds it and does nothing. */
const upload = ({ data, metadata }: UploadDocument, state: Document): DocumentEvent[] => {
  if (state.status !== 'none') return [];
  checkUpload(data, metadata.maxBytes);
  return [{ type: 'DocumentUploaded', data: { ...data, uploadedBy: metadata.actor, uploadedAt: metadata.now } }];
};

const stageIndex = (stage: DocumentStage): number => documentStages.indexOf(stage);

/** [] when the step already happened; throws when the document is missing, failed or not ready for it. */
const stepAllowed = (state: Document, documentId: string, needs: DocumentStage): boolean => {
  if (state.status === 'none') throw documentError('DOCUMENT_NOT_FOUND', `Document ${documentId} not found`, { documentId });
  if (state.status === 'failed') throw documentError('DOCUMENT_PROCESSING_FAILED', `Document ${documentId} failed at ${state.step}`, { documentId, step: state.step });
  if (stageIndex(state.status) > stageIndex(needs)) return false;
  if (state.status !== needs) throw documentError('DOCUMENT_STEP_OUT_OF_ORDER', `Document ${documentId} is ${state.status}, not ${needs}`, { documentId, status: state.status });
  return true;
};

const sum = (usages: readonly AiCallUsage[], key: 'promptTokens' | 'completionTokens' | 'costUsd' | 'latencyMs'): number =>
  usages.reduce((total, usage) => total + usage[key], 0);

const enrich = ({ data, metadata }: RecordEnrichment, state: Document): DocumentEvent[] => {
  if (!stepAllowed(state, data.documentId, 'extracted')) return [];
  const { usages, ...enrichment } = data;
  const completion = usages.find((u) => u.operation === 'complete') ?? usages[0];
  const usageEvents: DocumentEvent[] = usages.map((usage) => ({
    type: 'AiUsageRecorded',
    data: { documentId: data.documentId, purpose: 'document.enrich', ...usage, recordedAt: metadata.now },
  }));
  return [
    {
      type: 'DocumentEnriched',
      data: {
        ...enrichment,
        entities: [...enrichment.entities],
        instruments: [...enrichment.instruments],
        chunks: [...enrichment.chunks],
        provider: completion?.provider ?? null,
        model: completion?.model ?? null,
        promptTokens: sum(usages, 'promptTokens'),
        completionTokens: sum(usages, 'completionTokens'),
        costUsd: Math.round(sum(usages, 'costUsd') * 1e6) / 1e6,
        latencyMs: sum(usages, 'latencyMs'),
        enrichedAt: metadata.now,
      },
    },
    ...usageEvents,
  ];
};

export const decide = (command: DocumentCommand, state: Document): DocumentEvent[] => {
  switch (command.type) {
    case 'UploadDocument':
      return upload(command, state);
    case 'RecordTextExtraction':
      return stepAllowed(state, command.data.documentId, 'uploaded') ? [{ type: 'TextExtracted', data: { ...command.data, extractedAt: command.metadata.now } }] : [];
    case 'RecordEnrichment':
      return enrich(command, state);
    case 'RecordIndexing':
      return stepAllowed(state, command.data.documentId, 'enriched') ? [{ type: 'DocumentIndexed', data: { ...command.data, indexedAt: command.metadata.now } }] : [];
    case 'RecordProcessingFailure': {
      const { documentId } = command.data;
      if (state.status === 'none') throw documentError('DOCUMENT_NOT_FOUND', `Document ${documentId} not found`, { documentId });
      if (state.status === 'failed' || state.status === 'indexed') return [];
      return [{ type: 'DocumentProcessingFailed', data: { ...command.data, failedAt: command.metadata.now } }];
    }
    default:
      return assertNever(command);
  }
};
