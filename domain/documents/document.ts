import type { ProcessingStep } from './events.js';

/** What an upload recorded; fixed for the document's life. */
export type DocumentFile = Readonly<{
  documentId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  blobKey: string;
  uploadedBy: string;
  uploadedAt: string;
}>;

/** The stages a document passes through, in order. */
export const documentStages = ['uploaded', 'extracted', 'enriched', 'indexed'] as const;
export type DocumentStage = (typeof documentStages)[number];

/** The state of one document stream, tagged by `status`; a failed document keeps the stage it reached. */
export type Document =
  | Readonly<{ status: 'none' }>
  | (Readonly<{ status: DocumentStage }> & DocumentFile)
  | (Readonly<{ status: 'failed'; reached: Exclude<DocumentStage, 'indexed'>; step: ProcessingStep; code: string }> & DocumentFile);

export type DocumentStatus = Document['status'];

export const initialState = (): Document => ({ status: 'none' });
