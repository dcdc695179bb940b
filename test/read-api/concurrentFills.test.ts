import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PLACE_TRADE, RECORD_FILL, startGateway, tradeInput, type Gateway } from './gatewayHarness.js';

describe('concurrent fills over HTTP', () => {
  let gateway: Gateway;
  before(async () => {
    gateway = await startGateway('fills');
  });
  after(() => gateway.close());

  it('20 concurrent fills of 1 MWh on a 10 MWh trade: exactly 10 fills, filled 10, position 10', async () => {
    const account = `fills-${randomUUID()}`;
    const placed = (await gateway.graphql(PLACE_TRADE, { input: tradeInput({ accountId: account, quantityMwh: 10 }) })).data!['placeTrade'];
    const venue = await gateway.token({ roles: ['venue'] });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gateway.graphql(RECORD_FILL, { input: { tradeId: placed.tradeId, fillId: `fill-${i}`, quantityMwh: 1, price: 40 + i } }, { token: venue }),
      ),
    );
    const succeeded = results.filter((result) => result.errors === undefined);
    const failures = results.flatMap((result) => result.errors ?? []).map((error) => error.extensions.code);
    assert.equal(succeeded.length, 10, `failures: ${failures.join(', ')}`);
    assert.deepEqual(failures, Array(10).fill('TRADE_OVERFILLED'));
    const lastToken = String(Math.max(...succeeded.map((result) => Number(result.data!['recordFill'].consistencyToken))));

    const read = await gateway.graphql(
      `query($id: ID!, $a: String!, $s: String!, $t: LogPosition) {
         trade(id: $id, consistentWith: $t) { filledMwh status version }
         positions(accountId: $a, consistentWith: $t) { netMwh }
         streamEvents(streamId: $s) { type }
       }`,
      { id: placed.tradeId, a: account, s: `trade-${placed.tradeId}`, t: lastToken },
    );
    assert.deepEqual(read.data!['trade'], { filledMwh: 10, status: 'FILLED', version: 11 });
    assert.deepEqual(read.data!['positions'], [{ netMwh: 10 }]);
    assert.equal(read.data!['streamEvents'].filter((event: { type: string }) => event.type === 'TradeFilled').length, 10);
  });
});
