import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AiProvider } from '../../../commands/ai/aiProvider.js';
import { createLocalAiProvider } from '../../../infra/ai/localAiProvider.js';
import { createOpenAiProvider } from '../../../infra/ai/openAiProvider.js';
import { resilientAiProvider } from '../../../infra/ai/resilientAiProvider.js';
import { aiUsage, monthlyAiBudget } from '../../../projections/search/aiUsageQueries.js';
import { makePdf } from '../../fixtures/documents/makePdf.js';
import { startOpenAiTestServer } from '../../infra/ai/openAiTestServer.js';
import { startSearchHarness } from './searchHarness.js';

const text = (s: string) => new TextEncoder().encode(s);
const report = makePdf([
  ['Weekly ERCOT market report.', 'A 650 MW gas unit near Houston tripped offline on 2026-08-04.', 'ERCOT.HB_HOUSTON.RT spiked to $1,200/MWh during the evening peak.'],
  ['Outlook: ERCOT.HB_NORTH.DA should settle near $52/MWh as wind output recovers.'],
]);

/** Counts the AI calls that reach the provider. */
const counting = (ai: AiProvider) => {
  const calls = { embed: 0, complete: 0 };
  const wrapped: AiProvider = {
    ...ai,
    embed: (texts, options) => ((calls.embed += 1), ai.embed(texts, options)),
    complete: (messages, options) => ((calls.complete += 1), ai.complete(messages, options)),
  };
  return { calls, ai: wrapped };
};

describe('document pipeline in the embedded mode (local AI)', () => {
  const local = counting(createLocalAiProvider());
  let h: Awaited<ReturnType<typeof startSearchHarness>>;
  before(async () => { h = await startSearchHarness('projections_search_pipeline', { ai: local.ai }); });
  after(() => h.close());

  it('takes a PDF from upload to searchable, each step an event', async () => {
    const { uploaded, events } = await h.ingest('t-a', 'weekly-report.pdf', report);
    assert.deepEqual(events.map((e) => e.type), ['DocumentUploaded', 'TextExtracted', 'DocumentEnriched', 'AiUsageRecorded', 'AiUsageRecorded', 'DocumentIndexed']);
    const extracted = events[1]?.data as { text: string; pages: number; extractor: string };
    assert.equal(extracted.pages, 2);
    assert.equal(extracted.extractor, 'pdfjs');
    assert.match(extracted.text, /tripped offline on 2026-08-04/);
    const enriched = events[2]?.data as { instruments: string[]; summary: string; model: string; provider: string; chunks: unknown[]; embeddingModel: string };
    assert.deepEqual(enriched.instruments, ['ERCOT.HB_HOUSTON.RT', 'ERCOT.HB_NORTH.DA']);
    assert.equal(enriched.provider, 'local');
    assert.equal(enriched.embeddingModel, 'local-hashed-bow-384');
    assert.ok(enriched.summary.length > 0 && enriched.chunks.length >= 1);
    assert.ok(events.every((e) => e.metadata.tenant === 't-a'));

    const byKeyword = await h.search('t-a', 'HB_HOUSTON evening peak', 'KEYWORD');
    assert.equal(byKeyword[0]?.documentId, uploaded.documentId);
    assert.match(byKeyword[0]?.snippet ?? '', /<mark>peak<\/mark>/);
    assert.equal(byKeyword[0]?.status, 'INDEXED');
    const byMeaning = await h.search('t-a', 'generator outage', 'SEMANTIC');
    assert.equal(byMeaning[0]?.documentId, uploaded.documentId, 'found by meaning: the report says "tripped offline", not "outage"');
    assert.deepEqual(await h.search('t-a', 'generator outage', 'KEYWORD'), []);
    const hybrid = await h.search('t-a', 'generator outage', 'HYBRID');
    assert.deepEqual([hybrid[0]?.documentId, hybrid[0]?.keywordRank, hybrid[0]?.semanticRank], [uploaded.documentId, null, 1]);
  });

  it('scopes search to the tenant and makes a second upload of the same bytes the same document', async () => {
    assert.deepEqual(await h.search('t-b', 'HB_HOUSTON evening peak', 'HYBRID'), []);
    const again = await h.ingest('t-a', 'copy.pdf', report);
    assert.equal(again.uploaded.duplicate, true);
    assert.equal(again.events.length, 6, 'nothing new is appended');
  });

  it('keeps the in-process semantic index up to date with documents indexed after its first search', async () => {
    const before = await h.search('t-c', 'battery storage evening ramp', 'SEMANTIC', 5, { inProcess: true });
    assert.deepEqual(before, []);
    const { uploaded } = await h.ingest('t-c', 'batteries.md', text('# Batteries\nGrid batteries discharge into the evening ramp.'));
    const after = await h.search('t-c', 'battery storage evening ramp', 'SEMANTIC', 5, { inProcess: true });
    assert.deepEqual(after.map((hit) => hit.documentId), [uploaded.documentId]);
    assert.match(after[0]?.snippet ?? '', /<mark>evening<\/mark> <mark>ramp<\/mark>/);
  });

  it('rebuilds the read model from the log without asking the AI again', async () => {
    const before = { ...local.calls };
    const ranked = async () => (await h.search('t-a', 'gas unit tripped', 'HYBRID')).map((hit) => [hit.documentId, hit.score]);
    const expected = await ranked();
    await h.runtime.stop();
    await h.db.query("DELETE FROM search_chunks; DELETE FROM search_documents; DELETE FROM ai_usage; UPDATE ll_checkpoints SET position = 0 WHERE name = 'search'");
    await h.runtime.start();
    await h.runtime.waitFor(await h.store.headPosition(), { timeoutMs: 10_000 });
    assert.deepEqual(await ranked(), expected);
    assert.equal(local.calls.complete, before.complete);
    assert.equal(local.calls.embed, before.embed + 2, 'only the two query embeddings');
  });

  it('records an unreadable file as DocumentProcessingFailed at the extract step', async () => {
    const { events } = await h.ingest('t-a', 'broken.pdf', text('%PDF-1.7\nthis is not really a PDF'));
    assert.deepEqual(events.map((e) => e.type), ['DocumentUploaded', 'DocumentProcessingFailed']);
    assert.deepEqual({ ...events[1]?.data, reason: undefined, failedAt: undefined }, { documentId: events[0]?.data['documentId'], step: 'extract', code: 'TEXT_EXTRACTION_FAILED', attempts: 1, reason: undefined, failedAt: undefined });
    await h.runtime.waitFor(events[1]?.position ?? 0, { timeoutMs: 10_000 });
    const { rows } = await h.db.query<{ status: string; failure_code: string }>('SELECT status, failure_code FROM search_documents WHERE document_id = $1', [events[0]?.data['documentId']]);
    assert.deepEqual(rows, [{ status: 'FAILED', failure_code: 'TEXT_EXTRACTION_FAILED' }]);
  });
});

describe('document pipeline with an OpenAI-compatible server', () => {
  let server: Awaited<ReturnType<typeof startOpenAiTestServer>>;
  let h: Awaited<ReturnType<typeof startSearchHarness>>;
  const pricing = { inputPerMillion: 1000, outputPerMillion: 2000, embeddingPerMillion: 100 };
  before(async () => {
    server = await startOpenAiTestServer();
    const openai = createOpenAiProvider({ apiKey: 'sk-test', baseUrl: server.baseUrl, chatModel: 'test-chat', embeddingModel: 'test-embed', pricing });
    const ai = resilientAiProvider(openai, { retry: { tries: 2, sleep: async () => undefined } });
    h = await startSearchHarness('projections_search_pipeline_openai', { ai, budget: (db) => monthlyAiBudget(db, 0.2) });
  });
  after(async () => {
    await h.close();
    await server.close();
  });

  it('records the model, tokens and cost of each call and sums them per tenant', async () => {
    const { events } = await h.ingest('t-ai', 'note.md', text('# Note\nHB_WEST prices were firm.'));
    const enriched = events.find((e) => e.type === 'DocumentEnriched')?.data as Record<string, unknown>;
    assert.deepEqual([enriched['provider'], enriched['model'], enriched['embeddingModel'], enriched['promptTokens'], enriched['completionTokens']], ['openai', 'test-chat', 'test-embed', 125, 30]);
    assert.equal(enriched['costUsd'], 0.1805); // 120 × $1000/M + 30 × $2000/M + 5 embedded words × $100/M
    assert.deepEqual(enriched['instruments'], ['ERCOT.HB_WEST.RT']); // the server's answer, checked as a symbol
    await h.runtime.waitFor(events.at(-1)?.position ?? 0, { timeoutMs: 10_000 });
    const usage = await aiUsage(h.db, 't-ai', { from: new Date('2000-01-01'), to: new Date('2100-01-01') });
    assert.deepEqual([usage.calls, usage.promptTokens, usage.completionTokens, usage.costUsd], [2, 125, 30, 0.1805]);
  });

  it('stops calling the AI once the tenant’s budget is spent; the document is still found by keyword', async () => {
    await h.ingest('t-ai', 'second.md', text('# Second\nHB_WEST spreads widened overnight.'));
    const requests = server.requests.length;
    const { events, uploaded } = await h.ingest('t-ai', 'third.md', text('# Third\nCongestion on West Texas lines trapped wind output.'));
    assert.equal(server.requests.length, requests, 'no AI call over budget');
    const enriched = events.find((e) => e.type === 'DocumentEnriched')?.data as Record<string, unknown>;
    assert.deepEqual([enriched['aiSkippedReason'], enriched['summary'], enriched['costUsd']], ['AI_BUDGET_EXCEEDED', null, 0]);
    assert.equal(events.at(-1)?.type, 'DocumentIndexed');
    assert.equal((await h.search('t-ai', 'congestion West Texas', 'KEYWORD'))[0]?.documentId, uploaded.documentId);
  });

  it('records DocumentProcessingFailed with the reason when the AI keeps failing (another tenant, within budget)', async () => {
    server.failNext({ status: 503 }, { status: 503 });
    const { events } = await h.ingest('t-ai2', 'fourth.md', text('# Fourth\nSolar output hit a record.'));
    const failed = events.at(-1);
    assert.equal(failed?.type, 'DocumentProcessingFailed');
    assert.deepEqual([failed?.data['step'], failed?.data['code']], ['enrich', 'AI_UNAVAILABLE']);
    assert.match(String(failed?.data['reason']), /503/);
  });
});
