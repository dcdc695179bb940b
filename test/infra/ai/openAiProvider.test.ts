import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AiError } from '../../../commands/ai/aiError.js';
import { aiProviderFromConfig } from '../../../infra/ai/aiProviderFromConfig.js';
import { failoverAiProvider } from '../../../infra/ai/failoverAiProvider.js';
import { createLocalAiProvider } from '../../../infra/ai/localAiProvider.js';
import { createOpenAiProvider } from '../../../infra/ai/openAiProvider.js';
import { resilientAiProvider } from '../../../infra/ai/resilientAiProvider.js';
import { loadConfig } from '../../../infra/config.js';
import { chatUsage, embeddingDimensions, startOpenAiTestServer } from './openAiTestServer.js';

const pricing = { inputPerMillion: 2, outputPerMillion: 8, embeddingPerMillion: 0.5 };
let server: Awaited<ReturnType<typeof startOpenAiTestServer>>;
before(async () => { server = await startOpenAiTestServer(); });
after(() => server.close());
beforeEach(() => { server.requests.length = 0; });

const openai = (overrides: Partial<Parameters<typeof createOpenAiProvider>[0]> = {}) =>
  createOpenAiProvider({ apiKey: 'sk-test', baseUrl: server.baseUrl, chatModel: 'test-chat', embeddingModel: 'test-embed', pricing, ...overrides });

/** Fake time for retry waits and the circuit's cool-down: sleeping advances the clock. */
const fakeTime = () => {
  let t = 0;
  const waits: number[] = [];
  return { waits, now: () => t, advance: (ms: number) => { t += ms; }, sleep: async (ms: number) => { waits.push(ms); t += ms; } };
};
const posts = () => server.requests.filter((r) => r.method === 'POST');
const user = (content: string) => [{ role: 'user' as const, content }];

describe('OpenAI-compatible provider over HTTP', () => {
  it('embeds texts with the configured model, key and float encoding, and prices the tokens', async () => {
    const result = await openai({ embeddingBatchSize: 2 }).embed(['power prices rose', 'wind output fell sharply', 'outage']);
    assert.equal(result.vectors.length, 3);
    assert.equal(result.vectors[0]?.length, embeddingDimensions);
    assert.deepEqual(posts().map((r) => [r.path, r.body?.['model'], r.body?.['encoding_format'], (r.body?.['input'] as string[]).length]), [
      ['/v1/embeddings', 'test-embed', 'float', 2],
      ['/v1/embeddings', 'test-embed', 'float', 1],
    ]);
    assert.equal(server.requests[0]?.authorization, 'Bearer sk-test');
    assert.deepEqual({ ...result.usage, latencyMs: 0 }, { provider: 'openai', model: 'test-embed', operation: 'embed', promptTokens: 8, completionTokens: 0, costUsd: 0.000004, latencyMs: 0 });
  });

  it('completes chat messages in JSON mode and records model, tokens, cost and latency', async () => {
    const result = await openai().complete([{ role: 'system', content: 'Summarise.' }, ...user('ERCOT report')], { responseFormat: 'json', maxTokens: 200 });
    assert.equal(JSON.parse(result.text).summary, 'Remote summary.');
    const body = posts()[0]?.body;
    assert.deepEqual(body?.['response_format'], { type: 'json_object' });
    assert.equal(body?.['max_tokens'], 200);
    assert.equal(result.usage.model, 'test-chat');
    assert.equal(result.usage.promptTokens, chatUsage.prompt_tokens);
    assert.equal(result.usage.completionTokens, chatUsage.completion_tokens);
    assert.equal(result.usage.costUsd, 0.00048); // 120 × $2/M + 30 × $8/M
    assert.ok(result.usage.latencyMs >= 0);
  });

  it('translates 429, 5xx and 400 into the port error codes with the Retry-After hint', async () => {
    server.failNext({ status: 429, headers: { 'retry-after': '2' } }, { status: 503 }, { status: 400 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(await openai().embed(['x']).catch((e: unknown) => e));
    assert.deepEqual(codes.map((e) => e instanceof AiError && [e.code, e.details.status, e.details.retryAfterMs]), [
      ['AI_RATE_LIMITED', 429, 2000], ['AI_UNAVAILABLE', 503, null], ['AI_REJECTED', 400, null],
    ]);
  });
});

describe('resilient provider: retries and circuit breaker over HTTP', () => {
  it('retries a 429 after the Retry-After delay and a 500 with backoff, then succeeds', async () => {
    const time = fakeTime();
    const ai = resilientAiProvider(openai(), { retry: { sleep: time.sleep, now: time.now } });
    server.failNext({ status: 429, headers: { 'retry-after': '3' } }, { status: 500 });
    const result = await ai.complete(user('hello'));
    assert.equal(result.text, 'Remote summary.');
    assert.equal(posts().length, 3);
    assert.deepEqual(time.waits, [3000, 2000]);
  });

  it('does not retry a rejected request (400)', async () => {
    const time = fakeTime();
    const ai = resilientAiProvider(openai(), { retry: { sleep: time.sleep } });
    server.failNext({ status: 400 });
    await assert.rejects(ai.embed(['x']), (e: unknown) => e instanceof AiError && e.code === 'AI_REJECTED');
    assert.equal(posts().length, 1);
    assert.equal(ai.circuit.state(), 'closed');
  });

  it('opens the circuit after 5 failing attempts, stops calling the server, and closes after 3 good trials', async () => {
    const time = fakeTime();
    const ai = resilientAiProvider(openai(), { retry: { tries: 3, sleep: time.sleep, now: time.now }, circuit: { now: time.now } });
    server.failNext(...Array.from({ length: 5 }, () => ({ status: 500 })));
    await assert.rejects(ai.embed(['a']), { code: 'AI_UNAVAILABLE' }); // attempts 1-3
    await assert.rejects(ai.embed(['b']), { code: 'CIRCUIT_OPEN' }); // attempts 4-5 fail, the 6th is refused
    assert.equal(posts().length, 5);
    assert.equal(ai.circuit.state(), 'open');
    assert.deepEqual((await ai.health())[0]?.status, 'down');
    await assert.rejects(ai.embed(['c']), { code: 'CIRCUIT_OPEN' });
    assert.equal(posts().length, 5, 'an open circuit does not reach the server');
    time.advance(30_000);
    for (let i = 0; i < 3; i++) await ai.embed(['trial']);
    assert.equal(ai.circuit.state(), 'closed');
    assert.equal(posts().length, 8);
  });
});

describe('failover chain', () => {
  it('answers from the local provider when the primary keeps failing, and usage names the fallback', async () => {
    const time = fakeTime();
    const failovers: string[] = [];
    const primary = resilientAiProvider(openai(), { retry: { sleep: time.sleep, now: time.now }, circuit: { now: time.now } });
    const ai = failoverAiProvider([primary, createLocalAiProvider()], { onFailover: ({ from, to }) => failovers.push(`${from}>${to}`) });
    server.failNext(...Array.from({ length: 3 }, () => ({ status: 502 })));
    const result = await ai.complete(user('ERCOT.HB_NORTH.DA prices spiked. Wind was low. Gas was high. Demand set a record.'), { responseFormat: 'json' });
    assert.equal(result.usage.provider, 'local');
    assert.equal(result.usage.costUsd, 0);
    assert.deepEqual(JSON.parse(result.text).instruments, ['ERCOT.HB_NORTH.DA']);
    assert.deepEqual(failovers, ['openai>local']);
    assert.equal(posts().length, 3);
    const healthy = await ai.complete(user('again'));
    assert.equal(healthy.usage.provider, 'openai');
  });

  it('sums cost across calls per provider (what AiUsageRecorded accounts)', async () => {
    const ai = failoverAiProvider([openai(), createLocalAiProvider()]);
    const usages = [(await ai.complete(user('a'))).usage, (await ai.complete(user('b'))).usage, (await ai.embed(['one two three four'])).usage];
    const total = usages.reduce((sum, u) => sum + u.costUsd, 0);
    assert.equal(Math.round(total * 1e6) / 1e6, 0.000962); // 2 × 0.00048 + 4 × $0.5/M
    assert.deepEqual(usages.map((u) => u.promptTokens + u.completionTokens), [150, 150, 4]);
  });

  it('reports health per provider; a dead server is down', async () => {
    const dead = createOpenAiProvider({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1', chatModel: 'c', embeddingModel: 'e', pricing, timeoutMs: 2000 });
    const health = await failoverAiProvider([openai(), dead, createLocalAiProvider()]).health();
    assert.deepEqual(health.map((h) => h.status), ['up', 'down', 'up']);
  });

  it('is built from configuration: AI_PROVIDER=openai with a base URL, failing over to local', async () => {
    const config = loadConfig({ AI_PROVIDER: 'openai', AI_BASE_URL: server.baseUrl, AI_API_KEY: 'sk-config', AI_CHAT_MODEL: 'cfg-chat', AI_MAX_TRIES: '1' });
    const ai = aiProviderFromConfig(config);
    assert.equal(ai.name, 'openai>local');
    assert.equal((await ai.complete(user('x'))).usage.model, 'cfg-chat');
    assert.equal(server.requests.at(-1)?.authorization, 'Bearer sk-config');
    server.failNext({ status: 500 });
    assert.equal((await ai.complete(user('x'))).usage.provider, 'local');
    assert.equal(aiProviderFromConfig(loadConfig({})).name, 'local');
    assert.throws(() => loadConfig({ AI_PROVIDER: 'openai' }), /AI_API_KEY/);
  });
});
