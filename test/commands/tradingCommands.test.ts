import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CommandValidationError, ForbiddenError } from '../../commands/errors.js';
import { ConcurrencyError, type EventStore, type RecordedEvent } from '../../commands/eventStore.js';
import { silentLog, type Log } from '../../commands/log.js';
import { createTradingCommands, type CommandContext } from '../../commands/trading/tradingCommands.js';
import { DomainError } from '../../domain/shared/domainError.js';
import { tradeStreamId } from '../../domain/trading/events.js';
import { createPostgresEventStore } from '../../infra/eventStore/postgresEventStore.js';
import { createTestDb, type TestDb } from '../support/testDb.js';

const clock = () => new Date('2025-03-01T15:00:00.000Z');
const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const context = (roles: readonly string[], tenant = 'acme'): CommandContext => ({ tenant, actor: `${roles[0]}@${tenant}`, roles, correlationId: randomUUID(), traceparent });
const trader = (tenant = 'acme') => context(['energy.trader'], tenant);
const venue = (tenant = 'acme') => context(['venue'], tenant);
const trade = (quantityMwh = 10) => ({ tradeId: randomUUID(), accountId: 'acct-7', instrument: 'ERCOT.HB_NORTH.DA', side: 'BUY', quantityMwh, limitPrice: -12.5 });

const rejectsWith = (promise: Promise<unknown>, code: string) =>
  assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code);
    return true;
  });

let db: TestDb;
let store: EventStore;
const stream = (tradeId: string) => store.readStream(tradeStreamId(tradeId));

before(async () => {
  db = await createTestDb('commands_trading');
  store = createPostgresEventStore(db);
});
after(async () => {
  await store.close();
  await db.close();
});

describe('trading commands on the event store', () => {
  it('places a trade and records who, for which tenant, in which trace', async () => {
    const commands = createTradingCommands({ store, clock });
    const input = trade();
    const actor = trader();
    const result = await commands.placeTrade(input, actor);
    assert.equal(result.tradeId, input.tradeId);
    assert.equal(result.streamId, `trade-${input.tradeId}`);
    assert.equal(result.appended, true);
    assert.equal(result.version, 1);
    const [placed] = await stream(input.tradeId);
    assert.equal(result.position, placed?.position);
    assert.deepEqual(placed?.data, { ...input, placedAt: clock().toISOString() });
    assert.deepEqual(placed?.metadata, { tenant: 'acme', actor: actor.actor, correlationId: actor.correlationId, causationId: null, traceparent, schemaVersion: 1 });
  });

  it('generates the trade id when the input has none', async () => {
    const { tradeId: _, ...input } = trade();
    const result = await createTradingCommands({ store }).placeTrade({ ...input, tradeId: null }, trader());
    assert.match(result.tradeId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal((await stream(result.tradeId)).length, 1);
  });

  it('rejects malformed input naming the field, before anything is written', async () => {
    const head = await store.headPosition();
    const commands = createTradingCommands({ store });
    await assert.rejects(commands.placeTrade({ ...trade(), quantityMwh: -1 }, trader()), (error: unknown) => {
      assert.ok(error instanceof CommandValidationError);
      assert.equal(error.code, 'BAD_USER_INPUT');
      assert.equal(error.field, 'quantityMwh');
      assert.match(error.message, /quantityMwh/);
      return true;
    });
    await assert.rejects(commands.recordFill({ tradeId: 'x', fillId: 'f', quantityMwh: 1, price: 'cheap' }, venue()), { field: 'price' });
    await assert.rejects(commands.cancelTrade(null, trader()), { field: 'input' });
    assert.equal(await store.headPosition(), head);
  });

  it('forbids commands the roles do not grant', async () => {
    const commands = createTradingCommands({ store });
    const input = trade();
    await assert.rejects(commands.placeTrade(input, context(['energy.viewer', 'energy.analyst'])), (error: unknown) => {
      assert.ok(error instanceof ForbiddenError);
      assert.equal(error.code, 'FORBIDDEN');
      assert.equal(error.permission, 'trade.place');
      return true;
    });
    await commands.placeTrade(input, trader());
    await assert.rejects(commands.recordFill({ tradeId: input.tradeId, fillId: 'f-1', quantityMwh: 1, price: 30 }, trader()), { permission: 'trade.fill' });
    await assert.rejects(commands.cancelTrade({ tradeId: input.tradeId }, venue()), { permission: 'trade.cancel' });
    assert.equal((await stream(input.tradeId)).length, 1);
  });

  it("applies the tenant's own per-trade risk limit", async () => {
    const commands = createTradingCommands({ store, riskLimits: (tenant) => ({ maxTradeMwh: tenant === 'small' ? 5 : 100 }) });
    await rejectsWith(commands.placeTrade(trade(10), trader('small')), 'RISK_LIMIT_EXCEEDED');
    assert.equal((await commands.placeTrade(trade(10), trader('acme'))).appended, true);
  });

  it("treats another tenant's trade as not found, and its id as taken", async () => {
    const commands = createTradingCommands({ store });
    const input = trade();
    await commands.placeTrade(input, trader('acme'));
    await rejectsWith(commands.recordFill({ tradeId: input.tradeId, fillId: 'f-1', quantityMwh: 1, price: 30 }, venue('globex')), 'TRADE_NOT_FOUND');
    await rejectsWith(commands.cancelTrade({ tradeId: input.tradeId, reason: null }, trader('globex')), 'TRADE_NOT_FOUND');
    await rejectsWith(commands.placeTrade(input, trader('globex')), 'TRADE_ID_CONFLICT');
    assert.equal((await stream(input.tradeId)).length, 1);
  });

  it('returns the first result when a trade or a fill is sent again', async () => {
    const commands = createTradingCommands({ store });
    const input = trade();
    const first = await commands.placeTrade(input, trader());
    const again = await commands.placeTrade(input, trader());
    assert.deepEqual(again, { streamId: first.streamId, version: 1, position: first.position, appended: false, events: [], tradeId: input.tradeId });
    const fill = { tradeId: input.tradeId, fillId: 'f-1', quantityMwh: 4, price: 30 };
    const filled = await commands.recordFill(fill, venue());
    const refilled = await commands.recordFill(fill, venue());
    assert.deepEqual([refilled.appended, refilled.version, refilled.position], [false, 2, filled.position]);
    await rejectsWith(commands.placeTrade({ ...input, limitPrice: 99 }, trader()), 'TRADE_ID_CONFLICT');
    assert.equal((await stream(input.tradeId)).length, 2);
  });

  it('20 concurrent fills of 1 MWh on a 10 MWh trade from two processes: exactly 10 land, 10 overfill', async () => {
    const retries: unknown[] = [];
    const log: Log = { ...silentLog, debug: (bindings) => retries.push(bindings) };
    // Two buses, as two gateway processes would have: each queues its own commands per stream, so the
    // races that remain are between the two, and the version check with retries settles them.
    const buses = [createTradingCommands({ store, maxRetries: 25, log }), createTradingCommands({ store, maxRetries: 25, log })];
    const input = trade(10);
    await buses[0]!.placeTrade(input, trader());
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => buses[i % 2]!.recordFill({ tradeId: input.tradeId, fillId: `f-${i}`, quantityMwh: 1, price: 30 + i }, venue())),
    );
    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
    assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 10);
    assert.deepEqual(rejected.map((outcome) => (outcome.reason as DomainError).code), Array(10).fill('TRADE_OVERFILLED'));
    const events = await stream(input.tradeId);
    const fills = events.filter((event) => event.type === 'TradeFilled');
    assert.equal(fills.length, 10);
    assert.deepEqual(fills.map((event) => event.data['totalFilledMwh']), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.ok(retries.length > 0, 'the fills raced: some had to retry after a version conflict');
  });

  it('queues the commands of one process per stream: 20 concurrent fills never conflict', async () => {
    const retries: unknown[] = [];
    const commands = createTradingCommands({ store, maxRetries: 0, log: { ...silentLog, debug: (bindings) => retries.push(bindings) } });
    const input = trade(10);
    await commands.placeTrade(input, trader());
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => commands.recordFill({ tradeId: input.tradeId, fillId: `q-${i}`, quantityMwh: 1, price: 30 }, venue())),
    );
    assert.deepEqual(outcomes.map((outcome) => outcome.status), [...Array(10).fill('fulfilled'), ...Array(10).fill('rejected')]);
    assert.equal(retries.length, 0);
  });
});

/** The real store, with a competing writer that appends a fill right after each of the first `times` reads. */
const withCompetingWriter = (inner: EventStore, times: number) => {
  let reads = 0;
  const competing: EventStore = {
    ...inner,
    readStream: async (streamId, options) => {
      const events = await inner.readStream(streamId, options);
      if (reads++ < times) await inner.append(streamId, [competingFill(events)], { expectedVersion: 'any' });
      return events;
    },
  };
  return { store: competing, reads: () => reads };
};

const competingFill = (events: readonly RecordedEvent[]) => {
  const placed = events[0]!;
  const totalFilledMwh = events.length;
  return {
    eventId: randomUUID(),
    type: 'TradeFilled',
    data: { ...placed.data, fillId: `competing-${totalFilledMwh}`, quantityMwh: 1, price: 30, totalFilledMwh, complete: false, filledAt: clock().toISOString() },
    metadata: placed.metadata,
  };
};

describe('version conflicts', () => {
  it('retries after a conflict, folding in what the other writer appended', async () => {
    const input = trade(10);
    await createTradingCommands({ store }).placeTrade(input, trader());
    const competing = withCompetingWriter(store, 1);
    const result = await createTradingCommands({ store: competing.store, maxRetries: 1 }).recordFill({ tradeId: input.tradeId, fillId: 'mine', quantityMwh: 2, price: 30 }, venue());
    assert.equal(competing.reads(), 2);
    assert.equal(result.version, 3);
    assert.equal(result.events[0]?.data['totalFilledMwh'], 3);
  });

  it('rethrows the ConcurrencyError once the retries run out, having written nothing', async () => {
    const input = trade(10);
    await createTradingCommands({ store }).placeTrade(input, trader());
    const competing = withCompetingWriter(store, Number.POSITIVE_INFINITY);
    const commands = createTradingCommands({ store: competing.store, maxRetries: 2 });
    await assert.rejects(commands.recordFill({ tradeId: input.tradeId, fillId: 'mine', quantityMwh: 1, price: 30 }, venue()), (error: unknown) => {
      assert.ok(error instanceof ConcurrencyError);
      assert.equal(error.code, 'CONCURRENCY_CONFLICT');
      assert.equal(error.streamId, tradeStreamId(input.tradeId));
      return true;
    });
    assert.equal(competing.reads(), 3);
    const fillIds = (await stream(input.tradeId)).slice(1).map((event) => event.data['fillId']);
    assert.deepEqual(fillIds, ['competing-1', 'competing-2', 'competing-3']);
  });
});
