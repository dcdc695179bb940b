import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { EventStore } from '../../../commands/eventStore.js';
import { createTradingCommands, type TradingCommands } from '../../../commands/trading/tradingCommands.js';
import { tradeStreamId } from '../../../domain/trading/events.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { createSimulatedVenue, type SimulatedVenue } from '../../../infra/venue/simulatedVenue.js';
import { createInProcessChangeFeed } from '../../../projections/changeFeed.js';
import { positionsProjection } from '../../../projections/positions.js';
import { createProjectionRuntime, type ProjectionRuntime } from '../../../projections/runtime.js';
import { tradesProjection } from '../../../projections/trades.js';
import type { ActionHandlers } from '../../../sagas/actionHandler.js';
import { accountExposureFromTrades } from '../../../sagas/execution/accountExposure.js';
import { createExecutionHandlers } from '../../../sagas/execution/executionHandlers.js';
import { createExecutionSaga } from '../../../sagas/execution/executionSaga.js';
import { sagaStreamId } from '../../../sagas/saga.js';
import { sagaStepRecorded } from '../../../domain/sagas/events.js';
import { createSagaRuntime, type SagaRuntime } from '../../../sagas/sagaRuntime.js';
import { createTestDb, type TestDb } from '../../support/testDb.js';
import { createManualClock } from '../manualClock.js';

const SECOND = 1000;
const policy = { timeoutMs: 10 * SECOND, pollMs: SECOND };
let db: TestDb;
let store: EventStore;
let trading: TradingCommands;
let projections: ProjectionRuntime;
let venue: SimulatedVenue;
const clock = createManualClock('2026-02-02T10:00:00.000Z');
const trader = { tenant: 'acme', actor: 'trader-1', roles: ['energy.trader'], correlationId: randomUUID(), traceparent: null };

/** A saga runtime on the shared database; `wrap` lets a test break a handler. */
const runtime = (wrap: (handlers: ActionHandlers) => ActionHandlers = (h) => h): SagaRuntime =>
  createSagaRuntime({
    db, store, clock, name: 'execution', sagas: [createExecutionSaga(policy)], retry: { baseDelayMs: 10, maxDelayMs: 10, maxAttempts: 3 },
    handlers: wrap(createExecutionHandlers({ trading, venue, exposure: accountExposureFromTrades(db), maxPositionMwh: () => 15 })),
  });
let sagas: SagaRuntime;

before(async () => {
  db = await createTestDb('sagas_execution_runtime');
  store = createPostgresEventStore(db);
  trading = createTradingCommands({ store, clock: () => clock.now() });
  projections = createProjectionRuntime({ db, store, feed: createInProcessChangeFeed(), projections: [tradesProjection, positionsProjection], idleWaitMs: 20 });
  await projections.start();
  venue = createSimulatedVenue({ now: () => clock.now(), price: 48.5, parts: [{ fraction: 0.4, delayMs: 2 * SECOND }, { fraction: 0.6, delayMs: 5 * SECOND }] });
  sagas = runtime();
});
after(async () => {
  await projections.stop();
  await store.close();
  await db.close();
});

/** Lets the read models catch up (the risk check reads them), then runs the sagas at the clock's time. */
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    await projections.waitFor(await store.headPosition(), { timeoutMs: 5000 });
    await sagas.drain();
  }
};
const after_ = async (ms: number) => {
  for (let left = ms; left > 0; left -= SECOND) {
    clock.advance(Math.min(SECOND, left));
    await settle();
  }
};
const place = async (quantityMwh: number, { side = 'BUY', limitPrice = 50, accountId = `acct-${randomUUID().slice(0, 8)}` } = {}) => {
  const { tradeId } = await trading.placeTrade({ accountId, instrument: 'ERCOT.HB_NORTH.DA', side, quantityMwh, limitPrice }, trader);
  return { tradeId, accountId };
};
const tradeEvents = async (tradeId: string) => (await store.readStream(tradeStreamId(tradeId))).map((e) => ({ type: e.type, ...e.data }) as Record<string, any>);
const sagaOf = async (tradeId: string) => sagaStepRecorded.parse((await store.readStream(sagaStreamId('execution', tradeId))).at(-1)?.data);
const steps = (saga: Awaited<ReturnType<typeof sagaOf>>) => saga.steps.map((s) => `${s.name}:${s.status}`);

describe('trade execution saga against the simulated venue', () => {
  it('submits after the risk check and records the venue’s partial fills until the trade is filled', async () => {
    const { tradeId } = await place(10);
    await settle();
    assert.equal((await sagaOf(tradeId)).steps.find((s) => s.name === 'submit')?.status, 'done');
    await after_(2 * SECOND);
    assert.deepEqual((await tradeEvents(tradeId)).filter((e) => e.type === 'TradeFilled').map((e) => [e.quantityMwh, e.price]), [[4, 48.5]]);
    await after_(3 * SECOND);
    const fills = (await tradeEvents(tradeId)).filter((e) => e.type === 'TradeFilled');
    assert.deepEqual(fills.map((e) => [e.fillId, e.quantityMwh, e.complete]), [['SIM-1-F1', 4, false], ['SIM-1-F2', 6, true]]);
    const saga = await sagaOf(tradeId);
    assert.equal(saga.status, 'completed');
    assert.deepEqual(steps(saga), ['checkRisk:done', 'submit:done', 'fill:done']);
    await after_(20 * SECOND);
    assert.equal((await tradeEvents(tradeId)).length, 3, 'the timeout was cancelled: nothing more happens');
  });

  it('a venue reject cancels the trade and fails the saga at submit', async () => {
    venue.setMode('reject');
    try {
      const { tradeId } = await place(3);
      await settle();
      const cancelled = (await tradeEvents(tradeId)).at(-1)!;
      assert.equal(cancelled.type, 'TradeCancelled');
      assert.equal(cancelled.reason, 'VENUE_REJECTED: instrument halted');
      const saga = await sagaOf(tradeId);
      assert.deepEqual([saga.status, saga.failure], ['failed', { step: 'submit', code: 'VENUE_REJECTED', message: 'instrument halted' }]);
    } finally {
      venue.setMode('fill');
    }
  });

  it('a silent venue: no fill within the timeout, so the order is cancelled at the venue and the trade cancelled', async () => {
    venue.setMode('silent');
    const cancels = venue.stats().cancels;
    try {
      const { tradeId } = await place(2);
      await settle();
      await after_(9 * SECOND);
      assert.equal((await tradeEvents(tradeId)).at(-1)!.type, 'TradePlaced', 'still waiting before the timeout');
      await after_(1 * SECOND);
      const last = (await tradeEvents(tradeId)).at(-1)!;
      assert.deepEqual([last.type, last.reason], ['TradeCancelled', 'VENUE_TIMEOUT: no fill within 10 s']);
      assert.equal(venue.stats().cancels, cancels + 1);
      const saga = await sagaOf(tradeId);
      assert.deepEqual([saga.status, saga.failure?.step, saga.failure?.code], ['failed', 'fill', 'VENUE_TIMEOUT']);
    } finally {
      venue.setMode('fill');
    }
  });

  it('a partial fill restarts the wait; silence after it cancels the rest, keeping the fill', async () => {
    const slow = createSimulatedVenue({ now: () => clock.now(), price: 48.5, parts: [{ fraction: 0.25, delayMs: 1 * SECOND }, { fraction: 0.75, delayMs: 60 * SECOND }] });
    const own = createSagaRuntime({ db, store, clock, name: 'execution-slow', sagas: [createExecutionSaga(policy)], handlers: createExecutionHandlers({ trading, venue: slow, exposure: accountExposureFromTrades(db), maxPositionMwh: () => 15 }) });
    const previous = sagas;
    sagas = own;
    try {
      const { tradeId } = await place(8);
      await settle();
      await after_(2 * SECOND); // the first part filled at +1 s
      await after_(8 * SECOND);
      assert.equal((await tradeEvents(tradeId)).at(-1)!.type, 'TradeFilled', '10 s after placing, but only 9 s after the fill');
      await after_(2 * SECOND);
      const events = await tradeEvents(tradeId);
      assert.deepEqual(events.map((e) => e.type), ['TradePlaced', 'TradeFilled', 'TradeCancelled']);
      assert.equal(events[1]!.quantityMwh, 2);
      assert.deepEqual(steps(await sagaOf(tradeId)), ['checkRisk:done', 'submit:done', 'fill:failed', 'cancel:done']);
    } finally {
      sagas = previous;
    }
  });

  it('the account limit rejects a trade before it reaches the venue', async () => {
    const { accountId } = await place(10);
    await after_(6 * SECOND); // filled: net +10 MWh
    const submissions = venue.stats().submissions;
    const { tradeId } = await place(6, { accountId });
    await settle();
    assert.equal(venue.stats().submissions, submissions, 'never submitted');
    const last = (await tradeEvents(tradeId)).at(-1)!;
    assert.equal(last.type, 'TradeCancelled');
    assert.match(last.reason, /^RISK_MAX_POSITION_EXCEEDED: a net position of 16 MWh would exceed the account limit of 15 MWh/);
    const saga = await sagaOf(tradeId);
    assert.deepEqual([saga.status, saga.failure?.step, saga.failure?.code], ['failed', 'checkRisk', 'RISK_MAX_POSITION_EXCEEDED']);
    const { tradeId: selling } = await place(6, { accountId, side: 'SELL', limitPrice: 40 });
    await settle();
    assert.equal((await sagaOf(selling)).steps.find((s) => s.name === 'checkRisk')?.status, 'done', 'a trade that reduces the position passes');
  });

  it('a restart after the venue call but before its outcome was recorded re-submits the same order, which the venue knows: one order, filled once', async () => {
    const before_ = venue.stats();
    let crashed = false;
    const crashing = runtime((handlers) => ({
      ...handlers,
      'execution.submit': async (input, context) => {
        await handlers['execution.submit']!(input, context);
        crashed = true;
        throw new Error('process killed after the venue call');
      },
    }));
    const previous = sagas;
    sagas = crashing;
    const { tradeId } = await place(5);
    await projections.waitFor(await store.headPosition(), { timeoutMs: 5000 });
    await crashing.route();
    await crashing.drain().catch(() => undefined);
    sagas = previous;
    assert.ok(crashed);
    assert.equal(venue.stats().orders, before_.orders + 1);
    const restarted = runtime();
    sagas = restarted;
    await after_(6 * SECOND);
    assert.equal(venue.stats().orders, before_.orders + 1, 'the repeated submission is the same order');
    assert.deepEqual((await tradeEvents(tradeId)).map((e) => e.type), ['TradePlaced', 'TradeFilled', 'TradeFilled']);
    const submissions = venue.stats().submissions;
    sagas = runtime();
    await after_(SECOND);
    assert.equal(venue.stats().submissions, submissions, 'a later restart calls the venue no more');
    assert.equal((await sagaOf(tradeId)).status, 'completed');
    sagas = previous;
  });
});
