import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { verifyWebhookSignature } from '../../../infra/webhooks/webhookSignature.js';
import { dataOf, eventuallyData, startGateway, type Gateway } from '../gatewayHarness.js';

let gateway: Gateway;
let admin: string;
let trader: string;
let server: Server;
let url: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let failing = true;

before(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(failing ? 503 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ledgerline`;
  gateway = await startGateway('automations', { WEBHOOK_BACKOFF_MS: '20' });
  admin = await gateway.token({ roles: ['energy.admin'], sub: 'admin-1' });
  trader = await gateway.token({ roles: ['energy.trader'], sub: 'trader-1' });
});
after(async () => {
  await gateway.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const ok = dataOf;
const eventually = (query: string, variables: Record<string, unknown>, done: (data: Record<string, any>) => boolean) =>
  eventuallyData(gateway, query, variables, admin, done, { pollMs: 50 });

const CREATE = `mutation C($input: CreateAutomationInput!) { createAutomation(input: $input) { automationId consistencyToken automation { id status eventType filter maxAttempts secret action { kind url } } } }`;
const DELIVERIES = `query D($id: ID!) { automationDeliveries(id: $id) { id status failures eventType attempts { attempt ok statusCode } } }`;

describe('automations through GraphQL', () => {
  it('createAutomation, a failing receiver parks the delivery after maxAttempts, replayAutomationDelivery delivers it, signed', async () => {
    const input = { name: 'buys to the desk bot', trigger: { eventType: 'TradePlaced', filter: { side: 'BUY' } }, action: { webhook: { url } }, maxAttempts: 2 };
    const { createAutomation } = ok(await gateway.graphql(CREATE, { input }, { token: admin }));
    const { automation, automationId } = createAutomation;
    assert.deepEqual({ ...automation, secret: typeof automation.secret }, { id: automationId, status: 'ACTIVE', eventType: 'TradePlaced', filter: { side: 'BUY' }, maxAttempts: 2, secret: 'string', action: { kind: 'WEBHOOK', url } });
    ok(await gateway.graphql(`mutation { placeTrade(input: { accountId: "desk", instrument: "ERCOT.HB_NORTH.DA", side: BUY, quantityMwh: 1, limitPrice: 30 }) { tradeId } }`, {}, { token: trader }));
    const parked = (await eventually(DELIVERIES, { id: automationId }, (d) => d['automationDeliveries'][0]?.status === 'PARKED'))['automationDeliveries'][0];
    assert.deepEqual(parked.attempts, [{ attempt: 1, ok: false, statusCode: 503 }, { attempt: 2, ok: false, statusCode: 503 }]);
    failing = false;
    const replayed = ok(await gateway.graphql(`mutation R($id: ID!) { replayAutomationDelivery(id: $id) { id status failures } }`, { id: parked.id }, { token: admin }))['replayAutomationDelivery'];
    assert.deepEqual(replayed, { id: parked.id, status: 'PENDING', failures: 0 });
    const delivered = (await eventually(DELIVERIES, { id: automationId }, (d) => d['automationDeliveries'][0]?.status === 'DELIVERED'))['automationDeliveries'][0];
    assert.deepEqual(delivered.attempts.at(-1), { attempt: 3, ok: true, statusCode: 204 });
    const last = received.at(-1)!;
    assert.ok(verifyWebhookSignature(automation.secret, last.headers['ledgerline-signature'] as string, last.body));
    const again = await gateway.graphql(`mutation R($id: ID!) { replayAutomationDelivery(id: $id) { id } }`, { id: parked.id }, { token: admin });
    assert.equal(again.errors?.[0]?.extensions.code, 'DELIVERY_NOT_PARKED');
  });

  it('needs automation.manage to create and automation.read to look', async () => {
    const denied = await gateway.graphql(CREATE, { input: { name: 'x', trigger: { eventType: 'TradePlaced' }, action: { webhook: { url } } } }, { token: trader });
    assert.equal(denied.errors?.[0]?.extensions.code, 'FORBIDDEN');
    const both = await gateway.graphql(CREATE, { input: { name: 'x', trigger: { eventType: 'TradePlaced' }, action: { webhook: { url }, command: { command: 'RAISE_ALERT' } } } }, { token: admin });
    assert.equal(both.errors?.[0]?.extensions.code, 'BAD_USER_INPUT');
    assert.equal((await gateway.graphql(`{ automations { id } }`, {}, { token: trader })).errors?.[0]?.extensions.code, 'FORBIDDEN');
  });
});
