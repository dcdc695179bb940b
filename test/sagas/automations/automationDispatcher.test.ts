import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createAlertCommands, dedupeStreamKey } from '../../../commands/alerts/alertCommands.js';
import { createAutomationCommands, type AutomationCommands } from '../../../commands/automations/automationCommands.js';
import type { EventStore } from '../../../commands/eventStore.js';
import { createTradingCommands, type TradingCommands } from '../../../commands/trading/tradingCommands.js';
import { alertStreamId } from '../../../domain/alerts/events.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { createWebhookSender } from '../../../infra/webhooks/webhookSender.js';
import { verifyWebhookSignature, webhookSecret } from '../../../infra/webhooks/webhookSignature.js';
import { automationDeliveries } from '../../../projections/automations/automationQueries.js';
import { automationsProjection } from '../../../projections/automations/automationsProjection.js';
import { createInProcessChangeFeed } from '../../../projections/changeFeed.js';
import { createProjectionRuntime, type ProjectionRuntime } from '../../../projections/runtime.js';
import { createAutomationDispatcher, type AutomationDispatcher } from '../../../sagas/automations/automationDispatcher.js';
import { createTestDb, type TestDb } from '../../support/testDb.js';
import { createManualClock } from '../manualClock.js';

const KEY = 'test-signing-key-0123456789abcdef0123';
type Received = { headers: IncomingHttpHeaders; body: string };
let received: Received[] = [];
/** The statuses the receiver answers with, in order; 200 once they run out. */
let script: number[] = [];
let server: Server;
let receiverUrl: string;
let db: TestDb;
let store: EventStore;
let trading: TradingCommands;
let automations: AutomationCommands;
let projections: ProjectionRuntime;
let dispatcher: AutomationDispatcher;
const clock = createManualClock('2026-04-01T08:00:00.000Z');
const context = (roles: string[], tenant = 'acme') => ({ tenant, actor: `${roles[0]}@${tenant}`, roles, correlationId: randomUUID(), traceparent: null });
const admin = context(['energy.admin']);
const trader = context(['energy.trader']);

before(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(script.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  db = await createTestDb('sagas_automations');
  store = createPostgresEventStore(db);
  trading = createTradingCommands({ store, clock: () => clock.now() });
  automations = createAutomationCommands({ store, clock: () => clock.now() });
  const alerts = createAlertCommands({ store, clock: () => clock.now() });
  projections = createProjectionRuntime({ db, store, feed: createInProcessChangeFeed(), projections: [automationsProjection], idleWaitMs: 20 });
  await projections.start();
  dispatcher = createAutomationDispatcher({
    db, store, clock, send: createWebhookSender({ timeoutMs: 2000 }), secretOf: (tenant, id) => webhookSecret(KEY, tenant, id),
    commands: { raiseAlert: (input, ctx) => alerts.raiseAlert(input, ctx) },
    automationsPosition: () => projections.position(['automations']),
    backoff: { baseDelayMs: 1000, factor: 2, maxDelayMs: 60_000 },
    circuitBreaker: { failureThreshold: 100 },
  });
});
after(async () => {
  await projections.stop();
  await store.close();
  await db.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  received = [];
  script = [];
});

const settle = async () => {
  await projections.waitFor(await store.headPosition(), { timeoutMs: 5000 });
  await dispatcher.drain();
};
const later = async (ms: number) => {
  clock.advance(ms);
  await settle();
};
const webhook = async (filter: Record<string, unknown>, maxAttempts = 5) =>
  (await automations.createAutomation({ name: 'big buys to the desk bot', trigger: { eventType: 'TradePlaced', filter }, action: { kind: 'WEBHOOK', url: receiverUrl }, maxAttempts }, admin)).automationId;
const place = async (side: 'BUY' | 'SELL', accountId: string, tenant = 'acme') =>
  (await trading.placeTrade({ accountId, instrument: 'ERCOT.HB_NORTH.DA', side, quantityMwh: 5, limitPrice: 42 }, { ...trader, tenant })).tradeId;
const deliveriesOf = (automationId: string) => automationDeliveries(db, { tenant: 'acme', automationId });

describe('automations: signed webhooks against a real local receiver', () => {
  it('delivers matching events only, signed with the automation’s secret and a timestamp the receiver can verify', async () => {
    const account = `acct-${randomUUID().slice(0, 6)}`;
    await place('BUY', account); // before the automation: not delivered
    const automationId = await webhook({ side: 'BUY', accountId: account });
    await settle();
    const buy = await place('BUY', account);
    await place('SELL', account);
    await place('BUY', 'someone-else');
    await place('BUY', account, 'globex');
    await settle();
    assert.equal(received.length, 1);
    const [hook] = received as [Received];
    const secret = webhookSecret(KEY, 'acme', automationId);
    assert.ok(verifyWebhookSignature(secret, hook.headers['ledgerline-signature'] as string, hook.body, { now: clock.now() }));
    assert.equal(verifyWebhookSignature(secret, hook.headers['ledgerline-signature'] as string, hook.body.replace('42', '43'), { now: clock.now() }), false, 'a changed body fails');
    assert.equal(verifyWebhookSignature('whsec_other', hook.headers['ledgerline-signature'] as string, hook.body, { now: clock.now() }), false, 'another secret fails');
    assert.equal(verifyWebhookSignature(secret, hook.headers['ledgerline-signature'] as string, hook.body, { now: new Date(clock.now().getTime() + 600_000) }), false, 'too old');
    const body = JSON.parse(hook.body);
    assert.deepEqual([body.automationId, body.event.type, body.event.data.tradeId, hook.headers['ledgerline-delivery']], [automationId, 'TradePlaced', buy, body.deliveryId]);
    const [delivery] = await deliveriesOf(automationId);
    assert.deepEqual([delivery?.status, delivery?.attempts.map((a) => [a.attempt, a.ok, a.statusCode])], ['DELIVERED', [[1, true, 200]]]);
  });

  it('retries a failing receiver with backoff (1 s, 2 s) until it answers 2xx, logging each attempt', async () => {
    const account = `acct-${randomUUID().slice(0, 6)}`;
    const automationId = await webhook({ accountId: account });
    await settle();
    script = [503, 500];
    await place('BUY', account);
    await settle();
    let [delivery] = await deliveriesOf(automationId);
    assert.deepEqual([delivery?.status, delivery?.nextAttemptAt], ['PENDING', new Date(clock.now().getTime() + 1000).toISOString()]);
    await later(999);
    assert.equal(received.length, 1, 'not before the backoff');
    await later(1);
    await later(2000);
    [delivery] = await deliveriesOf(automationId);
    assert.deepEqual(delivery?.attempts.map((a) => [a.attempt, a.ok, a.statusCode]), [[1, false, 503], [2, false, 500], [3, true, 200]]);
    assert.equal(delivery?.status, 'DELIVERED');
    assert.equal(new Set(received.map((r) => r.body)).size, 1, 'the same body every time');
  });

  it('parks a delivery after maxAttempts failures, and a replay delivers it', async () => {
    const account = `acct-${randomUUID().slice(0, 6)}`;
    const automationId = await webhook({ accountId: account }, 3);
    await settle();
    script = [500, 500, 500, 500, 500];
    await place('SELL', account);
    await settle();
    await later(1000);
    await later(2000);
    let [delivery] = await deliveriesOf(automationId);
    assert.deepEqual([delivery?.status, delivery?.attempts.length, delivery?.lastError], ['PARKED', 3, 'HTTP 500: ok']);
    await later(3_600_000);
    assert.equal(received.length, 3, 'a parked delivery is not tried again');
    script = [];
    assert.equal(await dispatcher.replay({ tenant: 'globex', id: delivery!.id }), false, 'not another tenant’s');
    assert.equal(await dispatcher.replay({ tenant: 'acme', id: delivery!.id }), true);
    await settle();
    [delivery] = await deliveriesOf(automationId);
    assert.deepEqual([delivery?.status, delivery?.attempts.map((a) => a.ok)], ['DELIVERED', [false, false, false, true]]);
    assert.equal(await dispatcher.replay({ tenant: 'acme', id: delivery!.id }), false, 'only parked deliveries replay');
  });

  it('a command action raises an alert from the event’s fields; disabling stops the automation', async () => {
    const account = `acct-${randomUUID().slice(0, 6)}`;
    const { automationId } = await automations.createAutomation({
      name: 'alert on sells', trigger: { eventType: 'TradePlaced', filter: { accountId: account, side: 'SELL' } },
      action: { kind: 'COMMAND', command: 'raiseAlert', input: { severity: 'medium', source: 'automation', subject: 'sell placed', dedupeKey: '{{data.tradeId}}', details: '{{data.instrument}}' } },
    }, admin);
    await settle();
    const tradeId = await place('SELL', account);
    await settle();
    const alert = await store.readStream(alertStreamId(dedupeStreamKey('acme', tradeId)));
    assert.deepEqual(alert.map((e) => [e.type, e.data['details'], e.metadata.actor]), [['AlertRaised', 'ERCOT.HB_NORTH.DA', `automation:${automationId}`]]);
    await automations.disableAutomation({ automationId }, admin);
    await settle();
    await place('SELL', account);
    await settle();
    assert.equal((await deliveriesOf(automationId)).length, 1);
    await assert.rejects(automations.createAutomation({ name: 'x', trigger: { eventType: 'TradePlaced' }, action: { kind: 'WEBHOOK', url: receiverUrl } }, trader), { code: 'FORBIDDEN' });
  });
});
