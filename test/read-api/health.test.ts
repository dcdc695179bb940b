import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PLACE_TRADE, startGateway, tradeInput, type Gateway, type GraphQLResponse } from './gatewayHarness.js';

describe('health, metrics and error masking', () => {
  let gateway: Gateway;
  before(async () => {
    gateway = await startGateway('health');
  });
  after(() => gateway.close());

  it('/health/live answers while the process runs', async () => {
    const response = await gateway.system.server!.app.inject({ url: '/health/live' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'live' });
  });

  it('/health/ready reports each dependency with its status and latency, and the projections lag', async () => {
    const placed = (await gateway.graphql(PLACE_TRADE, { input: tradeInput() })).data!['placeTrade'];
    await gateway.system.runtime!.waitFor(Number(placed.consistencyToken));
    const response = await fetch(`${gateway.url}/health/ready`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { status: string; dependencies: Record<string, { status: string; latencyMs: number; lag?: number; head?: number }> };
    assert.equal(body.status, 'ready');
    const expected = ['database', 'projections', ...(process.env['REDIS_URL'] ? ['redis'] : [])].sort();
    assert.deepEqual(Object.keys(body.dependencies).sort(), expected);
    for (const dependency of Object.values(body.dependencies)) {
      assert.equal(dependency.status, 'up');
      assert.equal(typeof dependency.latencyMs, 'number');
    }
    assert.ok((body.dependencies['projections']?.head ?? 0) >= Number(placed.consistencyToken));
    assert.equal(body.dependencies['projections']?.lag, 0);
  });

  it('/metrics exposes the log head and the projections position in Prometheus text', async () => {
    const response = await gateway.system.server!.app.inject({ url: '/metrics' });
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^text\/plain/);
    const head = /^ledgerline_log_head_position (\d+)$/m.exec(response.body)?.[1];
    assert.ok(Number(head) >= 1, response.body);
    assert.match(response.body, /^ledgerline_projections_lag_events \d+$/m);
  });

  it('yoga.fetch serves the schema without the HTTP server, with the same auth', async () => {
    const { yoga } = gateway.system.server!;
    const ask = async (authorization?: string) =>
      (await (
        await yoga.fetch('http://gateway/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ query: '{ trades(first: 1) { pageInfo { hasNextPage } } }' }),
        })
      ).json()) as GraphQLResponse;
    assert.deepEqual((await ask()).errors?.map((error) => error.extensions.code), ['UNAUTHENTICATED']);
    assert.equal((await ask(`Bearer ${await gateway.token({ roles: ['energy.viewer'] })}`)).errors, undefined);
  });

  it('hides what went wrong inside (no SQL, no stack) and /health/ready turns unavailable when the database is gone', async () => {
    await gateway.db.close();
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await gateway.token()}`, 'x-request-id': 'req-broken-db' },
      body: JSON.stringify({ query: '{ trade(id: "any") { id } }' }),
    });
    const text = await response.text();
    const body = JSON.parse(text) as GraphQLResponse;
    assert.deepEqual(body.errors?.map((error) => [error.message, error.extensions.code]), [['Unexpected error.', 'INTERNAL_SERVER_ERROR']]);
    assert.doesNotMatch(text, /SELECT|trades|pool|stack|at .*\.ts/i);
    const logged = gateway.logLines().find((line) => line['level'] === 'error' && line['requestId'] === 'req-broken-db');
    assert.ok(logged && JSON.stringify(logged['err']).length > 0, 'the real error is logged, with the request id');

    const ready = await fetch(`${gateway.url}/health/ready`);
    assert.equal(ready.status, 503);
    const readiness = (await ready.json()) as { status: string; dependencies: Record<string, { status: string; error?: string }> };
    assert.equal(readiness.status, 'unavailable');
    assert.equal(readiness.dependencies['database']?.status, 'down');
  });
});
