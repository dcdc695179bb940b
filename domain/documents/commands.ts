import type { z } from 'zod';
import type { chunkEmbedding, entity, ProcessingStep } from './events.js';

/**
 * Document commands. Time, the actor, the upload limit and every AI output arrive inside the command:
 * the domain never reads a clock, a file or a model.
 */
export type Now = Readonly<{ now: string }>;

export type UploadDocument = Readonly<{
  type: 'UploadDocument';
  data: Readonly<{ documentId: string; fileName: string; contentType: string; sizeBytes: number; sha256: string; blobKey: string }>;
  metadata: Now & Readonly<{ actor: string; maxBytes: number }>;
}>;

export type RecordTextExtraction = Readonly<{
  type: 'RecordTextExtraction';
  data: Readonly<{ documentId: string; text: string; characters: number; truncated: boolean; pages: number | null; extractor: string }>;
  metadata: Now;
}>;

/** One AI call's usage, as the AI port reports it. */
export type AiCallUsage = Readonly<{
  provider: string;
  model: string;
  operation: 'embed' | 'complete';
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
}>;

export type RecordEnrichment = Readonly<{
  type: 'RecordEnrichment';
  data: Readonly<{
    documentId: string;
    summary: string | null;
    entities: readonly z.infer<typeof entity>[];
    instruments: readonly string[];
    chunks: readonly z.infer<typeof chunkEmbedding>[];
    embeddingModel: string | null;
    aiSkippedReason: string | null;
    /** Every AI call the enrichment made, in order (none when skipped). */
    usages: readonly AiCallUsage[];
  }>;
  metadata: Now;
}>;

export type RecordIndexing = Readonly<{ type: 'RecordIndexing'; data: Readonly<{ documentId: string; chunks: number }>; metadata: Now }>;

export type RecordProcessingFailure = Readonly<{
  type: 'RecordProcessingFailure';
  data: Readonly<{ documentId: string; step: ProcessingStep; code: string; reason: string; attempts: number }>;
  metadata: Now;
}>;

export type DocumentCommand = UploadDocument | RecordTextExtraction | RecordEnrichment | RecordIndexing | RecordProcessingFailure;
