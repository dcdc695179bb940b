import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aiUsageStreamId } from '../../../commands/ai/recordSearchUsage.js';
import { startOpenAiTestServer } from '../../infra/ai/openAiTestServer.js';
import { eventuallyData, startGateway, type Gateway } from '../gatewayHarness.js';

const TENANT = 'ai-co';
const BUDGET_USD = 0.2;
let server: Awaited<ReturnType<typeof startOpenAiTestServer>>;
let gw: Gateway;

before(async () => {
  server = await startOpenAiTestServer();
  gw = await startGateway('documents_openai', {
    AI_PROVIDER: 'openai', AI_BASE_URL: server.baseUrl, AI_API_KEY: 'sk-gateway', AI_CHAT_MODEL: 'test-chat', AI_EMBEDDING_MODEL: 'test-embed',
    AI_FALLBACK: 'none', AI_MAX_TRIES: '1',
    AI_PRICE_INPUT_PER_MTOK: '1000', AI_PRICE_OUTPUT_PER_MTOK: '2000', AI_PRICE_EMBEDDING_PER_MTOK: '100',
    AI_TENANT_MONTHLY_BUDGET_USD: String(BUDGET_USD),
  });
});
after(async () => {
  await gw.close();
  await server.close();
});

const analyst = () => gw.token({ tenant: TENANT, roles: ['energy.analyst'], sub: 'analyst-7' });

const upload = async (fileName: string, text: string): Promise<string> => {
  const response = await fetch(`${gw.url}/documents?fileName=${fileName}`, { method: 'POST', headers: { authorization: `Bearer ${await analyst()}`, 'content-type': 'text/markdown' }, body: text });
  const body = (await response.json()) as { documentId: string };
  await eventuallyData(gw, 'query ($id: ID!) { document(id: $id) { status } }', { id: body.documentId }, await analyst(), (d) => d['document']?.status === 'INDEXED');
  return body.documentId;
};

const SEARCH = 'query ($q: String!, $m: SearchMode) { searchDocuments(query: $q, mode: $m) { documentId keywordRank semanticRank } }';
const USAGE = '{ aiUsage { calls costUsd byModel { model calls } } }';
const embeddingCalls = () => server.requests.filter((r) => r.path === '/v1/embeddings').length;

describe('documents with an OpenAI-compatible server, through the gateway', () => {
  it('enriches with the remote model, and a semantic search’s query embedding counts as the tenant’s usage', async () => {
    const id = await upload('west.md', '# West\nHB_WEST prices were firm.');
    const { document } = await eventuallyData(gw, 'query ($id: ID!) { document(id: $id) { ai { provider model embeddingModel } } }', { id }, await analyst(), () => true);
    assert.deepEqual(document.ai, { provider: 'openai', model: 'test-chat', embeddingModel: 'test-embed' });
    const before = (await gw.graphql(USAGE, {}, { token: await analyst() })).data?.['aiUsage'];
    const found = await gw.graphql(SEARCH, { q: 'west prices', m: 'SEMANTIC' }, { token: await analyst() });
    assert.equal(found.data?.['searchDocuments']?.[0]?.documentId, id);
    const recorded = await gw.system.store.readStream(aiUsageStreamId(TENANT));
    assert.deepEqual(recorded.map((e) => [e.type, e.data['purpose'], e.data['documentId'], e.data['model'], e.metadata.actor]), [['AiUsageRecorded', 'search.query', null, 'test-embed', 'analyst-7']]);
    const usage = await eventuallyData(gw, USAGE, {}, await analyst(), (d) => d['aiUsage'].calls === before.calls + 1);
    assert.ok(usage['aiUsage'].costUsd > before.costUsd, 'the query’s tokens are priced');
  });

  it('once the budget is spent: documents index by keyword, HYBRID ranks by keyword without calling the AI, SEMANTIC says why', async () => {
    await upload('spend.md', '# Spend\nThis enrichment spends the rest of the budget.');
    const { aiUsage } = await eventuallyData(gw, USAGE, {}, await analyst(), (d) => d['aiUsage'].costUsd >= BUDGET_USD);
    assert.ok(aiUsage.costUsd >= BUDGET_USD);
    const calls = embeddingCalls();
    const keywordOnly = await upload('after.md', '# After\nCongestion trapped wind output in the west.');
    const hybrid = await gw.graphql(SEARCH, { q: 'congestion wind', m: 'HYBRID' }, { token: await analyst() });
    assert.deepEqual(hybrid.data?.['searchDocuments']?.[0], { documentId: keywordOnly, keywordRank: 1, semanticRank: null });
    const semantic = await gw.graphql(SEARCH, { q: 'congestion wind', m: 'SEMANTIC' }, { token: await analyst() });
    assert.equal(semantic.errors?.[0]?.extensions.code, 'AI_BUDGET_EXCEEDED');
    assert.match(semantic.errors?.[0]?.message ?? '', /budget of tenant ai-co for this month is spent/);
    assert.equal(embeddingCalls(), calls, 'no embedding call over budget');
  });

  it('answers HYBRID by keyword and SEMANTIC with AI_UNAVAILABLE when the server fails (another tenant, within budget)', async () => {
    const other = await gw.token({ tenant: 'ai-co-2', roles: ['energy.analyst'] });
    server.failNext({ status: 503 }, { status: 503 });
    const calls = embeddingCalls();
    const hybrid = await gw.graphql(SEARCH, { q: 'anything', m: 'HYBRID' }, { token: other });
    assert.deepEqual([hybrid.errors, hybrid.data?.['searchDocuments']], [undefined, []]);
    const semantic = await gw.graphql(SEARCH, { q: 'anything', m: 'SEMANTIC' }, { token: other });
    assert.equal(semantic.errors?.[0]?.extensions.code, 'AI_UNAVAILABLE');
    assert.equal(embeddingCalls(), calls + 2, 'each search asked the server once (AI_MAX_TRIES=1)');
  });
});
