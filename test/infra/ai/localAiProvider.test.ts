import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractiveSummary } from '../../../infra/ai/extractiveSummary.js';
import { hashedEmbedding } from '../../../infra/ai/hashedEmbedding.js';
import { createLocalAiProvider } from '../../../infra/ai/localAiProvider.js';

const cosine = (a: readonly number[], b: readonly number[]) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe('local AI provider', () => {
  it('embeds deterministically into unit vectors of the configured size', async () => {
    const ai = createLocalAiProvider({ dimensions: 128 });
    const first = await ai.embed(['Houston hub prices spiked during the heatwave']);
    const second = await ai.embed(['Houston hub prices spiked during the heatwave']);
    assert.deepEqual(first.vectors, second.vectors);
    assert.equal(first.vectors[0]?.length, 128);
    assert.ok(Math.abs(Math.hypot(...(first.vectors[0] ?? [])) - 1) < 1e-9);
    assert.equal(first.usage.model, 'local-hashed-bow-128');
    assert.equal(first.usage.costUsd, 0);
    assert.deepEqual(hashedEmbedding('the of and', 16), new Array(16).fill(0));
  });

  it('puts texts about the same thing closer than unrelated ones, including related words', () => {
    const query = hashedEmbedding('generator outage');
    const related = hashedEmbedding('A gas plant tripped offline for unplanned maintenance, removing 800 MW.');
    const unrelated = hashedEmbedding('The regulator approved the new tariff filing for retail customers.');
    assert.ok(cosine(query, related) > cosine(query, unrelated) + 0.1, `${cosine(query, related)} vs ${cosine(query, unrelated)}`);
  });

  it('summarises extractively, keeping the original sentence order', async () => {
    const text = 'Prices at HB_NORTH rose sharply on Monday. The weather was mild in the morning. Prices at HB_NORTH rose again on Tuesday as demand rose. A reporter visited. Analysts expect prices at HB_NORTH to stay high.';
    const summary = extractiveSummary(text, { sentences: 2 });
    const sentences = summary.split(/(?<=\.)\s/);
    assert.equal(sentences.length, 2);
    assert.ok(sentences.every((s) => s.includes('HB_NORTH')), summary);
    assert.ok(text.indexOf(sentences[0] ?? '') < text.indexOf(sentences[1] ?? ''));
    assert.equal(extractiveSummary('Short note.'), 'Short note.');
  });

  it('answers a JSON completion with summary, entities and instruments of the last user message', async () => {
    const ai = createLocalAiProvider();
    const result = await ai.complete([{ role: 'system', content: 'ignored' }, { role: 'user', content: 'ERCOT.HB_WEST.RT cleared at $41.50/MWh on 2026-06-01.' }], { responseFormat: 'json' });
    const answer = JSON.parse(result.text);
    assert.equal(answer.summary, 'ERCOT.HB_WEST.RT cleared at $41.50/MWh on 2026-06-01.');
    assert.deepEqual(answer.instruments, ['ERCOT.HB_WEST.RT']);
    assert.ok(answer.entities.some((e: { type: string; value: string }) => e.type === 'price' && e.value === '41.5 $/MWh'));
    assert.ok(result.usage.promptTokens > 0);
    assert.deepEqual(await ai.health(), [{ provider: 'local', status: 'up', latencyMs: 0, detail: null }]);
  });
});
