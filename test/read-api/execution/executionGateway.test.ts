import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dataOf, eventuallyData, startGateway, type Gateway } from '../gatewayHarness.js';

let gateway: Gateway;
let trader: string;
let admin: string;

before(async () => {
  gateway = await startGateway('execution', {
    VENUE: 'simulated', VENUE_SIM_PRICE: '47.25', VENUE_SIM_FILL_DELAYS_MS: '0,100', EXECUTION_POLL_MS: '50', EXECUTION_TIMEOUT_MS: '5000', RISK_MAX_POSITION_MWH: '15',
  });
  trader = await gateway.token({ roles: ['energy.trader'], sub: 'trader-1' });
  admin = await gateway.token({ roles: ['energy.admin'], sub: 'admin-1' });
});
after(() => gateway.close());

const ok = dataOf;
const eventually = (query: string, variables: Record<string, unknown>, token: string, done: (data: Record<string, any>) => boolean) =>
  eventuallyData(gateway, query, variables, token, done);

const PLACE = `mutation P($input: PlaceTradeInput!) { placeTrade(input: $input) { tradeId } }`;
const STATUS = `query T($id: ID!, $saga: ID!) { trade(id: $id) { status filledMwh averageFillPrice } saga(id: $saga) { status steps { name status detail } failure { step code message } } }`;

describe('trade execution through GraphQL (embedded, simulated venue)', () => {
  it('a placed trade is submitted and filled by the venue in two parts; the execution saga shows each step', async () => {
    const { tradeId } = ok(await gateway.graphql(PLACE, { input: { accountId: 'desk-1', instrument: 'ERCOT.HB_NORTH.DA', side: 'BUY', quantityMwh: 10, limitPrice: 50 } }, { token: trader }))['placeTrade'];
    const { trade, saga } = await eventually(STATUS, { id: tradeId, saga: `execution-${tradeId}` }, admin, (d) => d['saga']?.status === 'COMPLETED' && d['trade']?.status === 'FILLED');
    assert.deepEqual(trade, { status: 'FILLED', filledMwh: 10, averageFillPrice: 47.25 });
    assert.deepEqual(saga.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`), ['checkRisk:done', 'submit:done', 'fill:done']);
  });

  it('a trade that would take the account past RISK_MAX_POSITION_MWH is cancelled before the venue', async () => {
    const { tradeId } = ok(await gateway.graphql(PLACE, { input: { accountId: 'desk-1', instrument: 'ERCOT.HB_NORTH.DA', side: 'BUY', quantityMwh: 6, limitPrice: 50 } }, { token: trader }))['placeTrade'];
    const { trade, saga } = await eventually(STATUS, { id: tradeId, saga: `execution-${tradeId}` }, admin, (d) => d['saga']?.status === 'FAILED' && d['trade']?.status === 'CANCELLED');
    assert.equal(trade.filledMwh, 0);
    assert.deepEqual([saga.failure.step, saga.failure.code], ['checkRisk', 'RISK_MAX_POSITION_EXCEEDED']);
    assert.deepEqual(saga.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`), ['checkRisk:failed', 'submit:pending', 'fill:pending', 'cancel:done']);
  });
});
