/** Text from a document's bytes. Plain text, Markdown, HTML and CSV are read here; PDF in infra/documents. */
export type ExtractedText = Readonly<{ text: string; pages: number | null; extractor: string }>;

export type TextExtractor = (bytes: Uint8Array, contentType: string) => Promise<ExtractedText>;

/** The bytes cannot be read as their type says: the same bytes fail again, so it is not retried. */
export class TextExtractionError extends Error {
  readonly code = 'TEXT_EXTRACTION_FAILED';
  readonly retryable = false;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TextExtractionError';
  }
}
