import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createAutomationCommands } from '../../../commands/automations/automationCommands.js';
import type { EventStore } from '../../../commands/eventStore.js';
import { createTradingCommands } from '../../../commands/trading/tradingCommands.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { createWebhookSender } from '../../../infra/webhooks/webhookSender.js';
import { automationDeliveries } from '../../../projections/automations/automationQueries.js';
import { automationsProjection } from '../../../projections/automations/automationsProjection.js';
import { createInProcessChangeFeed } from '../../../projections/changeFeed.js';
import { createProjectionRuntime, type ProjectionRuntime } from '../../../projections/runtime.js';
import { createAutomationDispatcher } from '../../../sagas/automations/automationDispatcher.js';
import { createTestDb, type TestDb } from '../../support/testDb.js';
import { createManualClock } from '../manualClock.js';

let server: Server;
let status = 503;
let hits = 0;
let db: TestDb;
let store: EventStore;
let projections: ProjectionRuntime;
const clock = createManualClock('2026-04-02T08:00:00.000Z');

before(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      hits += 1;
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  db = await createTestDb('sagas_automations_circuit');
  store = createPostgresEventStore(db);
  projections = createProjectionRuntime({ db, store, feed: createInProcessChangeFeed(), projections: [automationsProjection], idleWaitMs: 20 });
  await projections.start();
});
after(async () => {
  await projections.stop();
  await store.close();
  await db.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('automations: a circuit breaker per automation', () => {
  it('opens after consecutive failures (later deliveries wait without using a try), half-opens after the cool-down, closes on success', async () => {
    const admin = { tenant: 'acme', actor: 'ops', roles: ['energy.admin'], correlationId: randomUUID(), traceparent: null };
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const { automationId } = await createAutomationCommands({ store, clock: () => clock.now() }).createAutomation({ name: 'all trades', trigger: { eventType: 'TradePlaced' }, action: { kind: 'WEBHOOK', url }, maxAttempts: 10 }, admin);
    const trading = createTradingCommands({ store, clock: () => clock.now() });
    for (let i = 0; i < 3; i++) await trading.placeTrade({ accountId: 'a', instrument: 'ERCOT.HB_NORTH.DA', side: 'BUY', quantityMwh: 1, limitPrice: 1 }, { ...admin, correlationId: randomUUID() });
    const dispatcher = createAutomationDispatcher({
      db, store, clock, send: createWebhookSender(), secretOf: () => 'whsec_test', automationsPosition: () => projections.position(['automations']),
      backoff: { baseDelayMs: 1000, factor: 2, maxDelayMs: 60_000 }, circuitBreaker: { failureThreshold: 2, coolDownMs: 30_000, successThreshold: 1 },
    });
    const settle = async () => {
      await projections.waitFor(await store.headPosition(), { timeoutMs: 5000 });
      await dispatcher.drain();
    };
    await settle();
    const attempts = async () => (await automationDeliveries(db, { tenant: 'acme', automationId })).map((d) => d.attempts.length).sort();
    assert.equal(hits, 2, 'the third delivery met an open circuit');
    assert.deepEqual(await attempts(), [0, 1, 1]);
    clock.advance(5_000);
    await settle();
    assert.equal(hits, 2, 'still open: nothing is sent, no try is used');
    status = 200;
    clock.advance(25_000);
    await settle();
    const deliveries = await automationDeliveries(db, { tenant: 'acme', automationId });
    assert.deepEqual(deliveries.map((d) => d.status), ['DELIVERED', 'DELIVERED', 'DELIVERED']);
    assert.equal(hits, 5, 'half-open: a trial call succeeds and closes the circuit; the other two follow');
    assert.deepEqual(await attempts(), [1, 2, 2]);
  });
});
