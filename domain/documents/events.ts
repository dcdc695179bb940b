import { z } from 'zod';
import { entityTypes } from './extractEntities.js';

/** Document and AI events: declared once, in zod. Stream: `document-<documentId>`. */
export const processingStep = z.enum(['extract', 'enrich', 'index']);
export type ProcessingStep = z.infer<typeof processingStep>;

export const documentUploaded = z.object({
  documentId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  blobKey: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});

export const textExtracted = z.object({
  documentId: z.string(),
  /** The text, at most `maxTextChars` of it (see `truncated`). */
  text: z.string(),
  characters: z.number().int(),
  truncated: z.boolean(),
  pages: z.number().int().nullable(),
  extractor: z.string(),
  extractedAt: z.string(),
});

export const entity = z.object({ type: z.enum(entityTypes), value: z.string() });

/** A slice of the extracted text, [start, end) in characters, and its embedding. */
export const chunkEmbedding = z.object({ index: z.number().int(), start: z.number().int(), end: z.number().int(), embedding: z.array(z.number()) });

export const documentEnriched = z.object({
  documentId: z.string(),
  summary: z.string().nullable(),
  entities: z.array(entity),
  instruments: z.array(z.string()),
  chunks: z.array(chunkEmbedding),
  embeddingModel: z.string().nullable(),
  /** Why the AI was not asked (e.g. AI_BUDGET_EXCEEDED): the document is then searchable by keyword only. */
  aiSkippedReason: z.string().nullable(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costUsd: z.number(),
  latencyMs: z.number().int(),
  enrichedAt: z.string(),
});

export const documentIndexed = z.object({ documentId: z.string(), chunks: z.number().int(), indexedAt: z.string() });

export const documentProcessingFailed = z.object({
  documentId: z.string(),
  step: processingStep,
  code: z.string(),
  reason: z.string(),
  attempts: z.number().int(),
  failedAt: z.string(),
});

/** One AI call made for a tenant (the tenant is in the event's metadata). */
export const aiUsageRecorded = z.object({
  documentId: z.string().nullable(),
  purpose: z.string(),
  provider: z.string(),
  model: z.string(),
  operation: z.enum(['embed', 'complete']),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costUsd: z.number(),
  latencyMs: z.number().int(),
  recordedAt: z.string(),
});

export const documentEventSchemas = {
  DocumentUploaded: documentUploaded,
  TextExtracted: textExtracted,
  DocumentEnriched: documentEnriched,
  DocumentIndexed: documentIndexed,
  DocumentProcessingFailed: documentProcessingFailed,
  AiUsageRecorded: aiUsageRecorded,
} as const;

type Of<T extends keyof typeof documentEventSchemas> = Readonly<{ type: T; data: z.infer<(typeof documentEventSchemas)[T]> }>;
export type DocumentUploaded = Of<'DocumentUploaded'>;
export type TextExtracted = Of<'TextExtracted'>;
export type DocumentEnriched = Of<'DocumentEnriched'>;
export type DocumentIndexed = Of<'DocumentIndexed'>;
export type DocumentProcessingFailed = Of<'DocumentProcessingFailed'>;
export type AiUsageRecorded = Of<'AiUsageRecorded'>;
export type DocumentEvent = DocumentUploaded | TextExtracted | DocumentEnriched | DocumentIndexed | DocumentProcessingFailed | AiUsageRecorded;
export type DocumentEventType = DocumentEvent['type'];

export const documentStreamCategory = 'document';
export const documentStreamId = (documentId: string): string => `${documentStreamCategory}-${documentId}`;

const isDocumentEventType = (type: string): type is DocumentEventType => Object.hasOwn(documentEventSchemas, type);

/** A stored event as a typed document event, its payload checked; null for other types. */
export const parseDocumentEvent = ({ type, data }: Readonly<{ type: string; data: unknown }>): DocumentEvent | null => {
  if (!isDocumentEventType(type)) return null;
  return { type, data: documentEventSchemas[type].parse(data) } as DocumentEvent;
};
