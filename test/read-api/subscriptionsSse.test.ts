import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PLACE_TRADE, RECORD_FILL, startGateway, tradeInput, type Gateway } from './gatewayHarness.js';
import { collect, sseSubscribe } from './subscriptionClients.js';

const TRADE_UPDATED = `subscription($a: String, $after: LogPosition) {
  tradeUpdated(accountId: $a, after: $after) { cursor trade { id status filledMwh version } }
}`;

describe('subscriptions over SSE (yoga, Accept: text/event-stream)', () => {
  let gateway: Gateway;
  before(async () => {
    gateway = await startGateway('sse');
  });
  after(() => gateway.close());

  it('streams the updates of an account as server-sent events, and resumes after a cursor', async () => {
    const account = `sse-${randomUUID()}`;
    const venue = await gateway.token({ roles: ['venue'] });
    const placed = (await gateway.graphql(PLACE_TRADE, { input: tradeInput({ accountId: account, quantityMwh: 5 }) })).data!['placeTrade'];

    const stream = await sseSubscribe(gateway.url, await gateway.token({ roles: ['energy.analyst'] }), TRADE_UPDATED, { a: account, after: '0' });
    assert.equal(stream.status, 200);
    assert.match(stream.contentType ?? '', /^text\/event-stream/);
    for (const quantityMwh of [2, 3]) {
      await gateway.graphql(RECORD_FILL, { input: { tradeId: placed.tradeId, fillId: randomUUID(), quantityMwh, price: 30 } }, { token: venue });
    }
    const received = (await collect(stream.results, (items) => items.length >= 3)).map((result) => result.data!['tradeUpdated']);
    stream.close();
    assert.deepEqual(received.map((update) => [update.trade.status, update.trade.filledMwh, update.trade.version]), [
      ['OPEN', 0, 1],
      ['PARTIALLY_FILLED', 2, 2],
      ['FILLED', 5, 3],
    ]);

    const resumed = await sseSubscribe(gateway.url, await gateway.token(), TRADE_UPDATED, { a: account, after: received[1].cursor });
    const again = (await collect(resumed.results, (items) => items.length >= 1)).map((result) => result.data!['tradeUpdated']);
    resumed.close();
    assert.deepEqual(again.map((update) => update.cursor), [received[2].cursor]);
  });

  it("refuses a subscriber without a token, and never streams another tenant's trades", async () => {
    const anonymous = await sseSubscribe(gateway.url, null, TRADE_UPDATED, {});
    const [refused] = await collect(anonymous.results, (items) => items.length >= 1);
    anonymous.close();
    assert.deepEqual(refused?.errors?.map((error) => error.extensions.code), ['UNAUTHENTICATED']);

    const account = `sse-shared-${randomUUID()}`;
    const globex = await gateway.token({ tenant: 'globex' });
    const stream = await sseSubscribe(gateway.url, globex, TRADE_UPDATED, { a: account, after: '0' });
    await gateway.graphql(PLACE_TRADE, { input: tradeInput({ accountId: account }) });
    const own = (await gateway.graphql(PLACE_TRADE, { input: tradeInput({ accountId: account }) }, { token: globex })).data!['placeTrade'];
    const [first] = await collect(stream.results, (items) => items.length >= 1);
    stream.close();
    assert.equal(first?.data!['tradeUpdated'].trade.id, own.tradeId);
  });
});
