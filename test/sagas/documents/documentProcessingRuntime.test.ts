import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { extractDocumentText, pipelineContext, processDocument } from '../../../commands/documents/processDocument.js';
import { uploadDocument } from '../../../commands/documents/uploadDocument.js';
import { documentStreamId } from '../../../domain/documents/events.js';
import { sagaStepRecorded } from '../../../domain/sagas/events.js';
import { createOpenAiProvider } from '../../../infra/ai/openAiProvider.js';
import { resilientAiProvider } from '../../../infra/ai/resilientAiProvider.js';
import { createDocumentSagas } from '../../../sagas/documents/documentSagas.js';
import { DOCUMENT_PROCESSING } from '../../../sagas/documents/documentProcessing.js';
import { sagaStreamId } from '../../../sagas/saga.js';
import { startOpenAiTestServer } from '../../infra/ai/openAiTestServer.js';
import { startSearchHarness, userContext } from '../../projections/search/searchHarness.js';
import { createManualClock } from '../manualClock.js';

const text = (s: string) => new TextEncoder().encode(s);

/**
 * The processing saga on its runtime, against PostgreSQL (or PGlite), the search projection and the
 * openai package talking to a local server that speaks the OpenAI API. The AI adapter does not retry by
 * itself here (one HTTP call per try), so each retry seen is the saga's.
 */
describe('document processing saga on the runtime', () => {
  let server: Awaited<ReturnType<typeof startOpenAiTestServer>>;
  let h: Awaited<ReturnType<typeof startSearchHarness>>;
  const clock = createManualClock();
  let sagas: ReturnType<typeof createDocumentSagas>;

  before(async () => {
    server = await startOpenAiTestServer();
    const openai = createOpenAiProvider({ apiKey: 'sk-test', baseUrl: server.baseUrl, chatModel: 'test-chat', embeddingModel: 'test-embed', pricing: { inputPerMillion: 1, outputPerMillion: 2, embeddingPerMillion: 0.1 } });
    h = await startSearchHarness('sagas_document_processing', { ai: resilientAiProvider(openai, { retry: { tries: 1 } }) });
    sagas = createDocumentSagas({ db: h.db, store: h.store, deps: h.deps, clock });
  });
  after(async () => {
    await h.close();
    await server.close();
  });

  const upload = async (tenant: string, fileName: string, content: string) =>
    (await uploadDocument({ store: h.store, blobs: h.blobs }, { fileName, contentType: null, bytes: text(content) }, userContext(tenant))).documentId;
  const documentEvents = async (documentId: string) => h.store.readStream(documentStreamId(documentId));
  const sagaSummary = async (documentId: string) => sagaStepRecorded.parse((await h.store.readStream(sagaStreamId(DOCUMENT_PROCESSING, documentId))).at(-1)?.data);
  const chatCalls = () => server.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

  it('takes an upload through extract, enrich and index, each step an event, acting as the saga', async () => {
    const documentId = await upload('t-1', 'note.md', '# Note\nHB_WEST prices were firm on 2026-08-04.');
    await sagas.drain();
    const events = await documentEvents(documentId);
    assert.deepEqual(events.map((e) => e.type), ['DocumentUploaded', 'TextExtracted', 'DocumentEnriched', 'AiUsageRecorded', 'AiUsageRecorded', 'DocumentIndexed']);
    assert.deepEqual(new Set(events.slice(1).map((e) => e.metadata.actor)), new Set([`saga:${DOCUMENT_PROCESSING}`]));
    assert.equal(events[2]?.data['model'], 'test-chat');
    const summary = await sagaSummary(documentId);
    assert.equal(summary.status, 'completed');
    assert.deepEqual(summary.steps.map((s) => `${s.name}:${s.status}`), ['accept:done', 'extract:done', 'enrich:done', 'index:done']);
    const { rows } = await h.db.query<{ status: string }>('SELECT status FROM search_documents WHERE document_id = $1', [documentId]);
    assert.deepEqual(rows, [{ status: 'INDEXED' }]);
  });

  it('retries a step the AI fails (503, then 429), and indexes the document once the AI answers', async () => {
    server.failNext({ status: 503 }, { status: 429, headers: { 'retry-after': '0' } });
    const calls = chatCalls();
    const documentId = await upload('t-1', 'second.md', '# Second\nSpreads widened overnight.');
    await sagas.drain();
    assert.deepEqual((await documentEvents(documentId)).map((e) => e.type), ['DocumentUploaded', 'TextExtracted'], 'the enrich step waits for its retry');
    clock.advance(1000);
    await sagas.drain();
    clock.advance(2000);
    await sagas.drain();
    assert.equal(chatCalls() - calls, 3, 'three tries of the enrich step');
    assert.equal((await documentEvents(documentId)).at(-1)?.type, 'DocumentIndexed');
    assert.equal((await sagaSummary(documentId)).status, 'completed');
  });

  it('records DocumentProcessingFailed with the step, code and tries when the AI keeps failing, and the saga ends failed', async () => {
    server.failNext({ status: 500 }, { status: 500 }, { status: 500 });
    const documentId = await upload('t-2', 'third.md', '# Third\nSolar output hit a record.');
    await sagas.drain();
    clock.advance(1000);
    await sagas.drain();
    clock.advance(2000);
    await sagas.drain();
    const events = await documentEvents(documentId);
    assert.deepEqual(events.map((e) => e.type), ['DocumentUploaded', 'TextExtracted', 'DocumentProcessingFailed']);
    assert.deepEqual([events[2]?.data['step'], events[2]?.data['code'], events[2]?.data['attempts']], ['enrich', 'AI_UNAVAILABLE', 3]);
    const summary = await sagaSummary(documentId);
    assert.equal(summary.status, 'failed');
    assert.deepEqual(summary.steps.map((s) => `${s.name}:${s.status}`), ['accept:compensated', 'extract:done', 'enrich:failed', 'index:skipped']);
    assert.equal(summary.failure?.code, 'AI_UNAVAILABLE');
  });

  it('does not retry a file that cannot be read: one try, then DocumentProcessingFailed at extract', async () => {
    const documentId = (await uploadDocument({ store: h.store, blobs: h.blobs }, { fileName: 'broken.pdf', contentType: null, bytes: text('%PDF-1.7\nnot really a PDF') }, userContext('t-2'))).documentId;
    await sagas.drain();
    const failed = (await documentEvents(documentId)).at(-1);
    assert.equal(failed?.type, 'DocumentProcessingFailed');
    assert.deepEqual([failed?.data['step'], failed?.data['code'], failed?.data['attempts']], ['extract', 'TEXT_EXTRACTION_FAILED', 1]);
  });

  it('starts nothing for the same bytes uploaded again, and processes two tenants’ documents side by side', async () => {
    const before = server.requests.length;
    const again = await upload('t-1', 'copy.md', '# Note\nHB_WEST prices were firm on 2026-08-04.');
    const [a, b] = await Promise.all([upload('t-3', 'a.md', '# A\nWind ramped up.'), upload('t-4', 'b.md', '# B\nGas prices fell.')]);
    await sagas.drain();
    assert.equal((await documentEvents(again)).length, 6, 'the first upload’s events, nothing more');
    assert.equal(server.requests.length - before, 4, 'two documents, each one completion and one embedding call');
    for (const id of [a, b]) assert.equal((await documentEvents(id)).at(-1)?.type, 'DocumentIndexed');
  });
});

describe('the first start of the processing saga on a log written before it', () => {
  let h: Awaited<ReturnType<typeof startSearchHarness>>;
  before(async () => { h = await startSearchHarness('sagas_document_processing_upgrade'); });
  after(() => h.close());

  const upload = async (fileName: string, content: string) =>
    (await uploadDocument({ store: h.store, blobs: h.blobs }, { fileName, contentType: null, bytes: text(content) }, userContext('t-old'))).documentId;
  const types = async (documentId: string) => (await h.store.readStream(documentStreamId(documentId))).map((e) => e.type);

  it('finishes the documents left midway, and appends nothing to those already indexed or failed', async () => {
    const indexed = await upload('done.md', '# Done\nIndexed before the saga existed.');
    await processDocument(h.deps, indexed, pipelineContext('t-old', indexed));
    const failed = await upload('broken.pdf', '%PDF-1.7\nnot really a PDF');
    await processDocument(h.deps, failed, pipelineContext('t-old', failed));
    const midway = await upload('midway.md', '# Midway\nExtracted, then the process stopped.');
    await extractDocumentText(h.deps, midway, pipelineContext('t-old', midway));
    const before = { indexed: await types(indexed), failed: await types(failed) };
    assert.deepEqual([before.indexed.at(-1), before.failed.at(-1), (await types(midway)).at(-1)], ['DocumentIndexed', 'DocumentProcessingFailed', 'TextExtracted']);

    await createDocumentSagas({ db: h.db, store: h.store, deps: h.deps, clock: createManualClock() }).drain();

    assert.deepEqual(await types(indexed), before.indexed);
    assert.deepEqual(await types(failed), before.failed);
    assert.deepEqual(await types(midway), ['DocumentUploaded', 'TextExtracted', 'DocumentEnriched', 'AiUsageRecorded', 'AiUsageRecorded', 'DocumentIndexed']);
  });
});
