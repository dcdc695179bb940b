import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { TextExtractionError, type ExtractedText } from '../../commands/documents/textExtractor.js';

const standardFontDataUrl = `${path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))}/standard_fonts/`;

/** A PDF's text, page by page (pages separated by a blank line), with Mozilla's pdf.js. No OCR: scanned pages give no text. */
export const pdfText = async (bytes: Uint8Array, { maxPages = 2000 }: Readonly<{ maxPages?: number }> = {}): Promise<ExtractedText> => {
  // pdf.js takes ownership of (and detaches) the buffer it is given, so it gets a copy.
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, standardFontDataUrl, verbosity: 0 });
  try {
    const pdf = await task.promise;
    const pages: string[] = [];
    for (let number = 1; number <= Math.min(pdf.numPages, maxPages); number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('').replace(/[ \t]+/g, ' ').trim());
      page.cleanup();
    }
    return { text: pages.filter((p) => p !== '').join('\n\n'), pages: pdf.numPages, extractor: 'pdfjs' };
  } catch (error) {
    throw new TextExtractionError(`Could not read the PDF: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    await task.destroy();
  }
};
