// The PDF text extractor's thread. pdf.js's legacy build installs core-js polyfills that replace
// globals (JSON.stringify among them, with a slow JavaScript version on Node 20), so it is loaded here,
// in a realm of its own, and never in the main thread. Plain JavaScript: a worker gets no TypeScript loader.
import { createRequire } from 'node:module';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const standardFontDataUrl = `${path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))}/standard_fonts/`;

const extract = async (data, maxPages) => {
  const task = getDocument({ data, isEvalSupported: false, useSystemFonts: false, standardFontDataUrl, verbosity: 0 });
  try {
    const pdf = await task.promise;
    const pages = [];
    for (let number = 1; number <= Math.min(pdf.numPages, maxPages); number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('').replace(/[ \t]+/g, ' ').trim());
      page.cleanup();
    }
    return { text: pages.filter((p) => p !== '').join('\n\n'), pages: pdf.numPages };
  } finally {
    await task.destroy();
  }
};

parentPort.on('message', async ({ id, data, maxPages }) => {
  try {
    parentPort.postMessage({ id, ok: true, ...(await extract(data, maxPages)) });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
