import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { makePdf } from '../../fixtures/documents/makePdf.js';
import { eventuallyData, startGateway, type Gateway, type GraphQLResponse } from '../gatewayHarness.js';
import { collect, sseSubscribe } from '../subscriptionClients.js';

const MAX_BYTES = 50_000;
let gw: Gateway;
before(async () => { gw = await startGateway('documents', { UPLOAD_MAX_BYTES: String(MAX_BYTES) }); });
after(() => gw.close());

const analyst = (tenant = 'acme') => gw.token({ tenant, roles: ['energy.analyst'], sub: 'analyst-1' });

/** A GraphQL multipart request (operations, map, one file part). */
const uploadViaGraphQL = async (fileName: string, type: string, content: string | Uint8Array, token: string): Promise<GraphQLResponse> => {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: 'mutation Up($file: File!) { uploadDocument(file: $file) { documentId duplicate contentType sha256 sizeBytes position } }', variables: { file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new File([typeof content === 'string' ? content : new Uint8Array(content)], fileName, { type }));
  const response = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'graphql-require-preflight': '1' }, body: form });
  return (await response.json()) as GraphQLResponse;
};

const postDocument = async (body: Uint8Array | FormData, { token, type, fileName }: { token?: string | null; type?: string; fileName?: string } = {}) => {
  const headers: Record<string, string> = {};
  if (token !== null) headers['authorization'] = `Bearer ${token ?? (await analyst())}`;
  if (type) headers['content-type'] = type;
  const response = await fetch(`${gw.url}/documents${fileName ? `?fileName=${encodeURIComponent(fileName)}` : ''}`, { method: 'POST', headers, body: body instanceof FormData ? body : new Blob([new Uint8Array(body)]) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

const DOCUMENT = 'query Doc($id: ID!) { document(id: $id) { id position fileName status summary instruments pages ai { provider model embeddingModel promptTokens costUsd } failure { step code } } }';

/** Polls document(id) until its processing has ended. */
const processed = async (id: string, token: string) => {
  for (let i = 0; i < 200; i++) {
    const { data } = await gw.graphql(DOCUMENT, { id }, { token });
    const status = data?.['document']?.status;
    if (status === 'INDEXED' || status === 'FAILED') return data?.['document'];
    await sleep(50);
  }
  throw new Error(`document ${id} was not processed`);
};

describe('documents through the gateway (embedded mode, local AI)', () => {
  it('uploads through a GraphQL multipart request; the document becomes searchable in every mode', async () => {
    const token = await analyst();
    const text = '# Desk note\nERCOT.HB_WEST.RT fell below zero overnight as wind output surged; congestion trapped the surplus.';
    const { data, errors } = await uploadViaGraphQL('desk-note.md', 'text/markdown', text, token);
    assert.equal(errors, undefined, JSON.stringify(errors));
    const upload = data?.['uploadDocument'];
    assert.deepEqual([upload.duplicate, upload.contentType, upload.sizeBytes], [false, 'text/markdown', Buffer.byteLength(text)]);
    const document = await processed(upload.documentId, token);
    assert.deepEqual([document.status, document.instruments, document.ai.provider, document.ai.embeddingModel], ['INDEXED', ['ERCOT.HB_WEST.RT'], 'local', 'local-hashed-bow-384']);
    for (const mode of ['KEYWORD', 'SEMANTIC', 'HYBRID']) {
      const result = await gw.graphql('query S($q: String!, $m: SearchMode) { searchDocuments(query: $q, mode: $m, first: 3) { documentId fileName score snippet keywordRank semanticRank } }', { q: 'wind congestion overnight', m: mode }, { token });
      const hit = result.data?.['searchDocuments']?.[0];
      assert.equal(hit?.documentId, upload.documentId, `${mode}: ${JSON.stringify(result)}`);
      assert.ok(hit.score > 0);
      assert.match(hit.snippet, /<mark>/);
    }
    const again = await uploadViaGraphQL('copy.md', 'text/markdown', text, token);
    assert.deepEqual([again.data?.['uploadDocument'].documentId, again.data?.['uploadDocument'].duplicate], [upload.documentId, true]);
    const other = await gw.graphql(DOCUMENT, { id: upload.documentId }, { token: await analyst('other-tenant') });
    assert.equal(other.data?.['document'], null, 'another tenant does not see it');
    const usage = await gw.graphql('{ aiUsage { calls promptTokens costUsd byModel { provider model calls } } }', {}, { token });
    assert.equal(usage.data?.['aiUsage'].calls, 2);
    assert.equal(usage.data?.['aiUsage'].costUsd, 0);
  });

  it('takes a PDF on POST /documents, 201 then 200 for the same bytes', async () => {
    const token = await analyst();
    const pdf = makePdf([['Regulatory filing: PUCT rule on firming capacity.', 'ERCOT.HB_NORTH.DA exposure must be reported by 2026-12-01.']]);
    const first = await postDocument(pdf, { token, type: 'application/pdf', fileName: 'filing.pdf' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body['contentType'], 'application/pdf');
    const second = await postDocument(pdf, { token, type: 'application/pdf', fileName: 'filing.pdf' });
    assert.deepEqual([second.status, second.body['documentId'], second.body['duplicate']], [200, first.body['documentId'], true]);
    const document = await processed(first.body['documentId'], token);
    assert.deepEqual([document.status, document.pages, document.instruments, document.fileName], ['INDEXED', 1, ['ERCOT.HB_NORTH.DA'], 'filing.pdf']);
    const form = new FormData();
    form.set('file', new File(['hub,price\nHB_PAN,38'], 'prices.csv', { type: 'text/csv' }));
    const multipart = await postDocument(form, { token });
    assert.deepEqual([multipart.status, multipart.body['contentType']], [201, 'text/csv']);
  });

  it('refuses a too large file (413), a disallowed type (415), no token (401) and a viewer (403), with the platform’s error body', async () => {
    const big = await postDocument(new Uint8Array(MAX_BYTES + 1).fill(65), { type: 'text/plain', fileName: 'big.txt' });
    assert.deepEqual([big.status, big.body['error']?.code], [413, 'DOCUMENT_TOO_LARGE']);
    assert.ok(big.body['error'].trace_id && big.body['error'].timestamp && big.body['error'].service === 'ledgerline');
    const zip = await postDocument(new TextEncoder().encode('PK\u0003\u0004'), { type: 'application/zip', fileName: 'a.zip' });
    assert.deepEqual([zip.status, zip.body['error']?.code], [415, 'DOCUMENT_TYPE_NOT_ALLOWED']);
    const anonymous = await postDocument(new TextEncoder().encode('x'), { token: null, type: 'text/plain' });
    assert.deepEqual([anonymous.status, anonymous.body['error']?.code], [401, 'UNAUTHENTICATED']);
    const viewer = await postDocument(new TextEncoder().encode('x'), { token: await gw.token({ roles: ['energy.viewer'] }), type: 'text/plain' });
    assert.deepEqual([viewer.status, viewer.body['error']?.code], [403, 'FORBIDDEN']);
    const viaGraphQL = await uploadViaGraphQL('a.zip', 'application/zip', 'PK', await analyst());
    assert.equal(viaGraphQL.errors?.[0]?.extensions.code, 'DOCUMENT_TYPE_NOT_ALLOWED');
  });

  it('lets a viewer search but not upload, and validates search arguments', async () => {
    const viewer = await gw.token({ roles: ['energy.viewer'] });
    const search = await gw.graphql('{ searchDocuments(query: "filing", mode: KEYWORD) { documentId } }', {}, { token: viewer });
    assert.equal(search.errors, undefined);
    const bad = await gw.graphql('{ searchDocuments(query: "x", first: 0) { documentId } }', {}, { token: viewer });
    assert.deepEqual([bad.errors?.[0]?.extensions.code, bad.errors?.[0]?.extensions['field']], ['BAD_USER_INPUT', 'first']);
    const upload = await uploadViaGraphQL('v.txt', 'text/plain', 'viewer text', viewer);
    assert.equal(upload.errors?.[0]?.extensions.code, 'FORBIDDEN');
  });

  it('tells documentProcessed subscribers of their tenant’s documents once processed, not of others’', async () => {
    const token = await analyst('sub-tenant');
    const subscription = await sseSubscribe(gw.url, token, 'subscription { documentProcessed { cursor document { id fileName status instruments } } }');
    try {
      await sleep(200); // the subscription is listening
      await postDocument(new TextEncoder().encode('Other tenant note.'), { token: await analyst('someone-else'), type: 'text/plain', fileName: 'other.txt' });
      const mine = await postDocument(new TextEncoder().encode('ERCOT.HB_SOUTH.DA cleared high.'), { token, type: 'text/plain', fileName: 'mine.txt' });
      const [event] = await collect(subscription.results, (items) => items.length >= 1);
      const processed = event?.data?.['documentProcessed'];
      assert.deepEqual([processed?.document.id, processed?.document.status, processed?.document.instruments], [mine.body['documentId'], 'INDEXED', ['ERCOT.HB_SOUTH.DA']]);
      assert.ok(Number(processed.cursor) > 0);
    } finally {
      subscription.close();
    }
  });

  it('resumes documentProcessed after a cursor with what ended since, and shows the processing saga’s steps', async () => {
    const token = await analyst('resume-tenant');
    const first = await postDocument(new TextEncoder().encode('Day-ahead auction note.'), { token, type: 'text/plain', fileName: 'first.txt' });
    const cursor = (await processed(first.body['documentId'], token)).position as string;
    const second = await postDocument(new TextEncoder().encode('Intraday congestion note.'), { token, type: 'text/plain', fileName: 'second.txt' });
    await processed(second.body['documentId'], token);
    const subscription = await sseSubscribe(gw.url, token, 'subscription ($after: LogPosition) { documentProcessed(after: $after) { cursor document { id status } } }', { after: cursor });
    try {
      const [event] = await collect(subscription.results, (items) => items.length >= 1);
      assert.deepEqual(event?.data?.['documentProcessed']?.document, { id: second.body['documentId'], status: 'INDEXED' }, 'only the document that ended after the cursor');
    } finally {
      subscription.close();
    }
    // The saga records the index step's outcome just after DocumentIndexed.
    const admin = await gw.token({ tenant: 'resume-tenant', roles: ['energy.admin'] });
    const { saga } = await eventuallyData(gw, 'query ($id: ID!) { saga(id: $id) { name status steps { name status } } }', { id: `documentProcessing-${second.body['documentId']}` }, admin, (d) => d['saga']?.status !== 'RUNNING');
    assert.deepEqual(saga, {
      name: 'documentProcessing',
      status: 'COMPLETED',
      steps: ['accept', 'extract', 'enrich', 'index'].map((name) => ({ name, status: 'done' })),
    });
  });
});
