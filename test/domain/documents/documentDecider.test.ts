import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkText } from '../../../domain/documents/chunkText.js';
import type { DocumentCommand } from '../../../domain/documents/commands.js';
import { documentDecider } from '../../../domain/documents/documentDecider.js';
import type { DocumentEvent } from '../../../domain/documents/events.js';
import { fold } from '../../../domain/shared/decider.js';
import { DomainError } from '../../../domain/shared/domainError.js';

const now = '2026-11-23T10:00:00.000Z';
const upload = (overrides: Partial<{ sizeBytes: number; contentType: string }> = {}): DocumentCommand => ({
  type: 'UploadDocument',
  data: { documentId: 'd1', fileName: 'report.md', contentType: 'text/markdown', sizeBytes: 120, sha256: 'ab'.repeat(32), blobKey: 't1/abab', ...overrides },
  metadata: { now, actor: 'alice', maxBytes: 1000 },
});
const uploaded: DocumentEvent = {
  type: 'DocumentUploaded',
  data: { documentId: 'd1', fileName: 'report.md', contentType: 'text/markdown', sizeBytes: 120, sha256: 'ab'.repeat(32), blobKey: 't1/abab', uploadedBy: 'alice', uploadedAt: now },
};
const extracted: DocumentEvent = { type: 'TextExtracted', data: { documentId: 'd1', text: 'Hello', characters: 5, truncated: false, pages: null, extractor: 'markdown', extractedAt: now } };
const enrichment: DocumentCommand = {
  type: 'RecordEnrichment',
  data: {
    documentId: 'd1', summary: 'Hello', entities: [], instruments: [], chunks: [{ index: 0, start: 0, end: 5, embedding: [1, 0] }], embeddingModel: 'm-embed', aiSkippedReason: null,
    usages: [
      { provider: 'openai', model: 'm-chat', operation: 'complete', promptTokens: 100, completionTokens: 20, costUsd: 0.0003, latencyMs: 40 },
      { provider: 'openai', model: 'm-embed', operation: 'embed', promptTokens: 10, completionTokens: 0, costUsd: 0.0000002, latencyMs: 5 },
    ],
  },
  metadata: { now },
};

/** given events, when command, then events (or the error code). */
const given = (events: DocumentEvent[]) => ({
  when: (command: DocumentCommand) => {
    const run = () => documentDecider.decide(command, fold(documentDecider, events));
    return {
      then: (expected: readonly DocumentEvent[]) => assert.deepEqual(run(), expected),
      thenFails: (code: string) => assert.throws(run, (e: unknown) => e instanceof DomainError && e.code === code),
      events: run,
    };
  },
});

describe('document decider', () => {
  it('records an upload with who uploaded it and when', () => given([]).when(upload()).then([uploaded]));
  it('treats the same bytes uploaded again (same stream) as the same document', () => given([uploaded]).when(upload()).then([]));
  it('rejects an empty, a too large and a disallowed upload', () => {
    given([]).when(upload({ sizeBytes: 0 })).thenFails('DOCUMENT_EMPTY');
    given([]).when(upload({ sizeBytes: 1001 })).thenFails('DOCUMENT_TOO_LARGE');
    given([]).when(upload({ contentType: 'application/zip' })).thenFails('DOCUMENT_TYPE_NOT_ALLOWED');
  });
  it('extracts once; a repeated extraction does nothing', () => {
    const extraction = { documentId: 'd1', text: 'Hello', characters: 5, truncated: false, pages: null, extractor: 'markdown' };
    given([uploaded]).when({ type: 'RecordTextExtraction', data: extraction, metadata: { now } }).then([extracted]);
    given([uploaded, extracted]).when({ type: 'RecordTextExtraction', data: extraction, metadata: { now } }).then([]);
  });
  it('records enrichment with summed tokens, cost and latency, and one AiUsageRecorded per call', () => {
    const events = given([uploaded, extracted]).when(enrichment).events();
    assert.deepEqual(events.map((e) => e.type), ['DocumentEnriched', 'AiUsageRecorded', 'AiUsageRecorded']);
    const enriched = events[0]?.type === 'DocumentEnriched' ? events[0].data : null;
    assert.deepEqual(
      enriched && [enriched.provider, enriched.model, enriched.promptTokens, enriched.completionTokens, enriched.costUsd, enriched.latencyMs],
      ['openai', 'm-chat', 110, 20, 0.0003, 45],
    );
    const usage = events[2]?.type === 'AiUsageRecorded' ? events[2].data : null;
    assert.deepEqual(usage, { documentId: 'd1', purpose: 'document.enrich', provider: 'openai', model: 'm-embed', operation: 'embed', promptTokens: 10, completionTokens: 0, costUsd: 0.0000002, latencyMs: 5, recordedAt: now });
  });
  it('refuses steps out of order and on a missing document', () => {
    given([uploaded]).when(enrichment).thenFails('DOCUMENT_STEP_OUT_OF_ORDER');
    given([]).when(enrichment).thenFails('DOCUMENT_NOT_FOUND');
    given([uploaded, extracted]).when({ type: 'RecordIndexing', data: { documentId: 'd1', chunks: 1 }, metadata: { now } }).thenFails('DOCUMENT_STEP_OUT_OF_ORDER');
  });
  it('records a failure once, keeps the stage reached, and refuses further steps', () => {
    const failure: DocumentCommand = { type: 'RecordProcessingFailure', data: { documentId: 'd1', step: 'enrich', code: 'AI_UNAVAILABLE', reason: 'down', attempts: 3 }, metadata: { now } };
    const [failed] = given([uploaded, extracted]).when(failure).events();
    assert.ok(failed);
    const state = fold(documentDecider, [uploaded, extracted, failed]);
    assert.equal(state.status, 'failed');
    assert.equal(state.status === 'failed' && state.reached, 'extracted');
    given([uploaded, extracted, failed]).when(failure).then([]);
    given([uploaded, extracted, failed]).when(enrichment).thenFails('DOCUMENT_PROCESSING_FAILED');
  });
});

describe('chunkText', () => {
  it('covers the text in chunks of at most maxChars, breaking at sentences', () => {
    const text = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} talks about power prices.`).join(' ');
    const chunks = chunkText(text, { maxChars: 200 });
    assert.ok(chunks.length > 5);
    assert.equal(chunks[0]?.start, 0);
    assert.equal(chunks.at(-1)?.end, text.length);
    for (const [i, c] of chunks.entries()) {
      assert.ok(c.end - c.start <= 200);
      if (i > 0) assert.equal(c.start, chunks[i - 1]?.end);
      if (c.end < text.length) assert.match(text.slice(c.start, c.end), /\.\s$/);
    }
    assert.deepEqual(chunkText('   '), []);
  });
});
