import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CANCEL_TRADE, PLACE_TRADE, RECORD_FILL, startGateway, tradeInput, type Gateway, type GraphQLResponse } from './gatewayHarness.js';

const codes = (response: GraphQLResponse) => (response.errors ?? []).map((error) => error.extensions.code);

describe('GraphQL over HTTP (a real port)', () => {
  let gateway: Gateway;
  let venue: string;
  before(async () => {
    gateway = await startGateway('http', { CONSISTENCY_TIMEOUT_MS: '400', RISK_MAX_TRADE_MWH: '100' });
    venue = await gateway.token({ roles: ['venue'], sub: 'venue-1' });
  });
  after(() => gateway.close());

  it('a mutation returns the fresh trade and a token with which a query sees the write', async () => {
    const placed = await gateway.graphql(PLACE_TRADE, { input: tradeInput({ accountId: 'rw-desk' }) });
    assert.equal(placed.errors, undefined);
    const payload = placed.data!['placeTrade'];
    assert.match(payload.consistencyToken, /^\d+$/);
    assert.equal(payload.appended, true);
    assert.deepEqual(
      { ...payload.trade, id: undefined },
      { id: undefined, accountId: 'rw-desk', instrument: 'ERCOT.HB_NORTH.DA', side: 'BUY', quantityMwh: 10, filledMwh: 0, limitPrice: 42.5, averageFillPrice: null, status: 'OPEN', version: 1 },
    );

    const read = await gateway.graphql(
      `query($id: ID!, $token: LogPosition) {
         trade(id: $id, consistentWith: $token) { id status }
         trades(accountId: "rw-desk", consistentWith: $token) { nodes { id } pageInfo { hasNextPage } }
       }`,
      { id: payload.tradeId, token: payload.consistencyToken },
    );
    assert.deepEqual(read.data, { trade: { id: payload.tradeId, status: 'OPEN' }, trades: { nodes: [{ id: payload.tradeId }], pageInfo: { hasNextPage: false } } });
  });

  it('fills move the trade and the net position (BUY adds, SELL subtracts); a cancelled trade takes no fill', async () => {
    const account = `pos-${randomUUID()}`;
    const buy = (await gateway.graphql(PLACE_TRADE, { input: tradeInput({ accountId: account, quantityMwh: 10 }) })).data!['placeTrade'];
    const sell = (await gateway.graphql(PLACE_TRADE, { input: tradeInput({ accountId: account, side: 'SELL', quantityMwh: 4 }) })).data!['placeTrade'];
    const fill = (tradeId: string, quantityMwh: number, price: number) =>
      gateway.graphql(RECORD_FILL, { input: { tradeId, fillId: randomUUID(), quantityMwh, price } }, { token: venue });

    const first = await fill(buy.tradeId, 6, 40);
    assert.deepEqual(first.data!['recordFill'].trade, { id: buy.tradeId, filledMwh: 6, status: 'PARTIALLY_FILLED', averageFillPrice: 40 });
    await fill(buy.tradeId, 4, 50);
    const sold = (await fill(sell.tradeId, 4, -12.5)).data!['recordFill'];

    const positions = await gateway.graphql(`query($a: String!, $t: LogPosition) { positions(accountId: $a, consistentWith: $t) { accountId instrument netMwh } }`, {
      a: account,
      t: sold.consistencyToken,
    });
    assert.deepEqual(positions.data!['positions'], [{ accountId: account, instrument: 'ERCOT.HB_NORTH.DA', netMwh: 6 }]);

    const again = (await gateway.graphql(PLACE_TRADE, { input: tradeInput({ accountId: account }) })).data!['placeTrade'];
    const cancelled = await gateway.graphql(CANCEL_TRADE, { input: { tradeId: again.tradeId, reason: 'desk closed' } });
    assert.equal(cancelled.data!['cancelTrade'].trade.status, 'CANCELLED');
    assert.deepEqual(codes(await fill(again.tradeId, 1, 40)), ['TRADE_NOT_OPEN']);
    assert.deepEqual(codes(await fill(buy.tradeId, 1, 40)), ['TRADE_OVERFILLED'], 'a filled trade takes no more MWh');
    assert.deepEqual(codes(await gateway.graphql(CANCEL_TRADE, { input: { tradeId: buy.tradeId } })), ['TRADE_NOT_OPEN'], 'a filled trade cannot be cancelled');
  });

  it('pages through trades with a cursor, newest first, without overlap', async () => {
    const account = `page-${randomUUID()}`;
    let token = '0';
    for (let i = 0; i < 3; i++) token = (await gateway.graphql(PLACE_TRADE, { input: tradeInput({ accountId: account }) })).data!['placeTrade'].consistencyToken;
    const page = (afterCursor: string | null) =>
      gateway.graphql(`query($a: String, $after: String, $t: LogPosition) { trades(accountId: $a, first: 2, after: $after, consistentWith: $t) { nodes { id } pageInfo { endCursor hasNextPage } } }`, {
        a: account,
        after: afterCursor,
        t: token,
      });
    const one = (await page(null)).data!['trades'];
    assert.equal(one.nodes.length, 2);
    assert.equal(one.pageInfo.hasNextPage, true);
    const two = (await page(one.pageInfo.endCursor)).data!['trades'];
    assert.equal(two.nodes.length, 1);
    assert.equal(two.pageInfo.hasNextPage, false);
    assert.equal(new Set([...one.nodes, ...two.nodes].map((node: { id: string }) => node.id)).size, 3);
    assert.deepEqual((await gateway.graphql('{ trades(after: "not-a-cursor") { nodes { id } } }')).errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', field: 'after' });
  });

  it("streamEvents gives the trade's events with their metadata; another tenant reads them as empty", async () => {
    const placed = (await gateway.graphql(PLACE_TRADE, { input: tradeInput() }, { headers: { 'x-correlation-id': 'corr-stream-1' } })).data!['placeTrade'];
    const query = `query($s: String!) { streamEvents(streamId: $s) { eventId type streamId version position recordedAt data metadata } }`;
    const events = (await gateway.graphql(query, { s: `trade-${placed.tradeId}` })).data!['streamEvents'];
    assert.equal(events.length, 1);
    assert.equal(events[0].type, 'TradePlaced');
    assert.equal(events[0].version, 1);
    assert.equal(events[0].position, placed.consistencyToken);
    assert.equal(events[0].data.tradeId, placed.tradeId);
    assert.equal(events[0].metadata.tenant, 'acme');
    assert.equal(events[0].metadata.actor, 'trader-1');
    assert.equal(events[0].metadata.correlationId, 'corr-stream-1');

    const other = await gateway.token({ tenant: 'globex' });
    assert.deepEqual((await gateway.graphql(query, { s: `trade-${placed.tradeId}` }, { token: other })).data, { streamEvents: [] });
  });

  it('without a valid token every operation is UNAUTHENTICATED', async () => {
    assert.deepEqual(codes(await gateway.graphql('{ trade(id: "x") { id } }', {}, { token: null })), ['UNAUTHENTICATED']);
    assert.deepEqual(codes(await gateway.graphql('{ trade(id: "x") { id } }', {}, { token: 'not.a.jwt' })), ['UNAUTHENTICATED']);
    const forged = (await gateway.token()).slice(0, -4) + 'AAAA';
    assert.deepEqual(codes(await gateway.graphql(PLACE_TRADE, { input: tradeInput() }, { token: forged })), ['UNAUTHENTICATED']);
  });

  it('a role without the permission is FORBIDDEN', async () => {
    const viewer = await gateway.token({ roles: ['energy.viewer'] });
    const placed = await gateway.graphql(PLACE_TRADE, { input: tradeInput() }, { token: viewer });
    assert.deepEqual(codes(placed), ['FORBIDDEN']);
    assert.equal(placed.data, null);
    const trade = (await gateway.graphql(PLACE_TRADE, { input: tradeInput() })).data!['placeTrade'];
    assert.deepEqual(codes(await gateway.graphql(RECORD_FILL, { input: { tradeId: trade.tradeId, fillId: 'f-1', quantityMwh: 1, price: 1 } })), ['FORBIDDEN'], 'a trader does not record fills');
    assert.deepEqual(codes(await gateway.graphql('{ trades { nodes { id } } }', {}, { token: await gateway.token({ roles: ['unknown.role'] }) })), ['FORBIDDEN']);
    assert.equal((await gateway.graphql('{ trades { nodes { id } } }', {}, { token: viewer })).errors, undefined, 'a viewer reads');
  });

  it("another tenant's trade is not found, neither to read nor to fill", async () => {
    const placed = (await gateway.graphql(PLACE_TRADE, { input: tradeInput() })).data!['placeTrade'];
    const globex = await gateway.token({ tenant: 'globex', roles: ['energy.admin'] });
    const read = await gateway.graphql('query($id: ID!, $t: LogPosition) { trade(id: $id, consistentWith: $t) { id } }', { id: placed.tradeId, t: placed.consistencyToken }, { token: globex });
    assert.deepEqual(read, { data: { trade: null } });
    const fill = await gateway.graphql(RECORD_FILL, { input: { tradeId: placed.tradeId, fillId: 'f-x', quantityMwh: 1, price: 1 } }, { token: globex });
    assert.deepEqual(codes(fill), ['TRADE_NOT_FOUND']);
  });

  it('malformed input is BAD_USER_INPUT naming the field; broken rules carry their domain code', async () => {
    const field = async (variables: Record<string, unknown>) => (await gateway.graphql(PLACE_TRADE, variables)).errors?.map((error) => [error.extensions.code, error.extensions['field']]);
    assert.deepEqual(await field({ input: tradeInput({ quantityMwh: 'ten' }) }), [['BAD_USER_INPUT', 'quantityMwh']]);
    assert.deepEqual(await field({ input: tradeInput({ side: 'HOLD' }) }), [['BAD_USER_INPUT', 'side']]);
    const { accountId: _, ...withoutAccount } = tradeInput();
    assert.deepEqual(await field({ input: withoutAccount }), [['BAD_USER_INPUT', 'accountId']]);
    assert.deepEqual(await field({ input: tradeInput({ quantityMwh: -5 }) }), [['BAD_USER_INPUT', 'quantityMwh']]);
    assert.deepEqual(await field({ input: tradeInput({ instrument: 'not an instrument!' }) }), [['BAD_USER_INPUT', 'instrument']]);
    const literal = await gateway.graphql('mutation { placeTrade(input: { accountId: "a", instrument: "X.Y", side: BUY, quantityMwh: "x", limitPrice: 1 }) { tradeId } }');
    assert.deepEqual(literal.errors?.map((error) => [error.extensions.code, error.extensions['field']]), [['BAD_USER_INPUT', 'quantityMwh']]);
    assert.deepEqual(codes(await gateway.graphql('{ trade(id: "x", consistentWith: "soon") { id } }')), ['BAD_USER_INPUT']);
    assert.deepEqual(codes(await gateway.graphql(PLACE_TRADE, { input: tradeInput({ quantityMwh: 101 }) })), ['RISK_LIMIT_EXCEEDED']);
    assert.deepEqual(codes(await gateway.graphql('{ trade(id: "x") { nope } }')), ['GRAPHQL_VALIDATION_FAILED']);
    assert.deepEqual(codes(await gateway.graphql('{ trade(id: ')), ['GRAPHQL_PARSE_FAILED']);
  });

  it('a consistency token the read models never reach fails with CONSISTENCY_TIMEOUT', async () => {
    const started = Date.now();
    const response = await gateway.graphql('{ trade(id: "x", consistentWith: "999999999") { id } }');
    assert.deepEqual(codes(response), ['CONSISTENCY_TIMEOUT']);
    assert.ok(Date.now() - started >= 350, 'it waited for CONSISTENCY_TIMEOUT_MS');
  });

  it('every log line of a request carries its request id and correlation id', async () => {
    const requestId = `req-${randomUUID()}`;
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await gateway.token()}`, 'x-request-id': requestId, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      body: JSON.stringify({ query: PLACE_TRADE, variables: { input: tradeInput() } }),
    });
    assert.equal(response.headers.get('x-request-id'), requestId);
    assert.equal(response.headers.get('x-correlation-id'), '4bf92f3577b34da6a3ce929d0e0e4736');
    const { data } = (await response.json()) as GraphQLResponse;
    const lines = gateway.logLines().filter((line) => line['requestId'] === requestId);
    assert.ok(lines.length >= 3, `incoming, command handled, completed: ${JSON.stringify(lines)}`);
    for (const line of lines) assert.equal(line['correlationId'], '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.ok(lines.some((line) => line['message'] === 'command handled' && line['tradeId'] === data!['placeTrade'].tradeId));
    const events = (await gateway.graphql('query($s: String!) { streamEvents(streamId: $s) { metadata } }', { s: `trade-${data!['placeTrade'].tradeId}` })).data!['streamEvents'];
    assert.equal(events[0].metadata.traceparent, '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  });
});
