import { Worker } from 'node:worker_threads';
import { TextExtractionError, type ExtractedText } from '../../commands/documents/textExtractor.js';

type Reply = Readonly<{ id: number; ok: true; text: string; pages: number } | { id: number; ok: false; message: string }>;
type Pending = Readonly<{ resolve: (reply: Reply) => void; reject: (error: Error) => void }>;

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

/** The extractor thread (see pdfTextWorker.mjs for why it is a thread), started at the first PDF. */
const extractor = (): Worker => {
  if (worker !== null) return worker;
  const started = new Worker(new URL('./pdfTextWorker.mjs', import.meta.url));
  started.on('message', (reply: Reply) => {
    pending.get(reply.id)?.resolve(reply);
    pending.delete(reply.id);
    if (pending.size === 0) started.unref(); // an idle extractor does not keep the process alive
  });
  const fail = (error: Error) => {
    worker = null;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  started.on('error', fail);
  started.on('exit', (code) => fail(new Error(`the PDF extractor thread stopped (exit code ${code})`)));
  worker = started;
  return started;
};

/** A PDF's text, page by page (pages separated by a blank line), with Mozilla's pdf.js. No OCR: scanned pages give no text. */
export const pdfText = async (bytes: Uint8Array, { maxPages = 2000 }: Readonly<{ maxPages?: number }> = {}): Promise<ExtractedText> => {
  const id = nextId++;
  // pdf.js takes ownership of (and detaches) the buffer it is given, so the thread gets a copy.
  const data = new Uint8Array(bytes);
  const reply = await new Promise<Reply>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    const thread = extractor();
    thread.ref();
    thread.postMessage({ id, data, maxPages }, [data.buffer]);
  }).catch((error: Error) => ({ id, ok: false as const, message: error.message }));
  if (!reply.ok) throw new TextExtractionError(`Could not read the PDF: ${reply.message}`);
  return { text: reply.text, pages: reply.pages, extractor: 'pdfjs' };
};
