import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { EventStore } from '../../../commands/eventStore.js';
import { createTradingCommands, type TradingCommands } from '../../../commands/trading/tradingCommands.js';
import { tradeStreamId } from '../../../domain/trading/events.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { createHttpVenue } from '../../../infra/venue/httpVenue.js';
import { createSimulatedVenue } from '../../../infra/venue/simulatedVenue.js';
import { createInProcessChangeFeed } from '../../../projections/changeFeed.js';
import { createProjectionRuntime, type ProjectionRuntime } from '../../../projections/runtime.js';
import { tradesProjection } from '../../../projections/trades.js';
import { accountExposureFromTrades } from '../../../sagas/execution/accountExposure.js';
import { createExecutionHandlers } from '../../../sagas/execution/executionHandlers.js';
import { createExecutionSaga } from '../../../sagas/execution/executionSaga.js';
import { sagaStreamId } from '../../../sagas/saga.js';
import { sagaStepRecorded } from '../../../domain/sagas/events.js';
import { createSagaRuntime, type SagaRuntime } from '../../../sagas/sagaRuntime.js';
import { createTestDb, type TestDb } from '../../support/testDb.js';
import { createManualClock } from '../manualClock.js';

const clock = createManualClock('2026-02-03T10:00:00.000Z');
const simulated = createSimulatedVenue({ now: () => clock.now(), price: 44, parts: [{ fraction: 1, delayMs: 500 }] });
/** The venue answers 503 to this many submissions first. */
let unavailable = 0;
let submissions = 0;
let server: Server;
let db: TestDb;
let store: EventStore;
let trading: TradingCommands;
let projections: ProjectionRuntime;
let sagas: SagaRuntime;

before(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const send = (status: number, value: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (request.method === 'POST' && request.url === '/orders') {
        submissions += 1;
        if (unavailable > 0) return (unavailable -= 1), send(503, { error: 'maintenance' });
        return send(200, await simulated.submit(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      }
      const match = /^\/orders\/([^/]+)(\/cancel)?$/.exec(request.url ?? '');
      if (match === null) return send(404, {});
      const id = decodeURIComponent(match[1]!);
      const state = match[2] ? await simulated.cancel(id) : await simulated.orderState(id);
      return state.status === 'unknown' ? send(404, {}) : send(200, state);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  db = await createTestDb('sagas_execution_http_venue');
  store = createPostgresEventStore(db);
  trading = createTradingCommands({ store, clock: () => clock.now() });
  projections = createProjectionRuntime({ db, store, feed: createInProcessChangeFeed(), projections: [tradesProjection], idleWaitMs: 20 });
  await projections.start();
  const venue = createHttpVenue({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timeoutMs: 2000 });
  sagas = createSagaRuntime({
    db, store, clock, name: 'execution-http', sagas: [createExecutionSaga({ timeoutMs: 30_000, pollMs: 1000 })], retry: { baseDelayMs: 1000, maxDelayMs: 1000, maxAttempts: 5 },
    handlers: createExecutionHandlers({ trading, venue, exposure: accountExposureFromTrades(db), maxPositionMwh: () => 100, catchUp: async () => projections.waitFor(await store.headPosition(), { timeoutMs: 5000 }) }),
  });
});
after(async () => {
  await projections.stop();
  await store.close();
  await db.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('execution saga against an HTTP venue on a real local port', () => {
  it('retries a submission the venue answers 503 to, then records its fill', async () => {
    unavailable = 2;
    const { tradeId } = await trading.placeTrade({ accountId: 'desk-http', instrument: 'ERCOT.HB_HOUSTON.RT', side: 'SELL', quantityMwh: 3, limitPrice: 40 }, { tenant: 'acme', actor: 't', roles: ['energy.trader'], correlationId: randomUUID(), traceparent: null });
    await sagas.drain();
    assert.equal(submissions, 1);
    for (let i = 0; i < 4; i++) {
      clock.advance(1000);
      await sagas.drain();
    }
    assert.equal(submissions, 3, 'two 503s, then accepted');
    const events = await store.readStream(tradeStreamId(tradeId));
    assert.deepEqual(events.map((e) => [e.type, e.data['price'] ?? null]), [['TradePlaced', null], ['TradeFilled', 44]]);
    const saga = sagaStepRecorded.parse((await store.readStream(sagaStreamId('execution', tradeId))).at(-1)?.data);
    assert.equal(saga.status, 'completed');
  });
});
