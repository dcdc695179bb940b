/** Text from a document's bytes. Plain text, Markdown, HTML and CSV are read here; PDF in infra/documents. */
export type ExtractedText = Readonly<{ text: string; pages: number | null; extractor: string }>;

export type TextExtractor = (bytes: Uint8Array, contentType: string) => Promise<ExtractedText>;

export class TextExtractionError extends Error {
  readonly code = 'TEXT_EXTRACTION_FAILED';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TextExtractionError';
  }
}
