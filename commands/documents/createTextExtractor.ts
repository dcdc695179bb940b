import { csvText, htmlText, markdownText, plainText } from './plainTextExtractors.js';
import { TextExtractionError, type ExtractedText, type TextExtractor } from './textExtractor.js';

/** The extractor for every allowed type; the PDF one is infra's (it needs pdf.js). */
export const createTextExtractor = ({ pdf }: Readonly<{ pdf: (bytes: Uint8Array) => Promise<ExtractedText> }>): TextExtractor => async (bytes, contentType) => {
  switch (contentType) {
    case 'application/pdf':
      return pdf(bytes);
    case 'text/plain':
      return plainText(bytes);
    case 'text/markdown':
      return markdownText(bytes);
    case 'text/html':
      return htmlText(bytes);
    case 'text/csv':
      return csvText(bytes);
    default:
      throw new TextExtractionError(`No text extractor for ${contentType}`);
  }
};
