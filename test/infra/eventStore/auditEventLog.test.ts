import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { EventStore } from '../../../commands/eventStore.js';
import { createTradingCommands } from '../../../commands/trading/tradingCommands.js';
import { eventSchemas } from '../../../domain/eventSchemas.js';
import { auditEventLog } from '../../../infra/eventStore/auditEventLog.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { auditPayloads } from '../../../scripts/audit/auditPayloads.js';
import { createTestDb, type TestDb } from '../../support/testDb.js';

describe('auditing the event log', () => {
  let db: TestDb;
  let store: EventStore;
  before(async () => {
    db = await createTestDb('es_audit');
    store = createPostgresEventStore(db);
    const trading = createTradingCommands({ store });
    const trader = { tenant: 'acme', actor: 'u1', roles: ['energy.trader', 'venue'], correlationId: randomUUID(), traceparent: null };
    for (const tradeId of ['a', 'b', 'c']) {
      await trading.placeTrade({ tradeId, accountId: 'acct-1', instrument: 'ERCOT.HB_NORTH.DA', side: 'BUY', quantityMwh: 10, limitPrice: 40 }, trader);
      await trading.recordFill({ tradeId, fillId: `${tradeId}-1`, quantityMwh: 4, price: 39 }, trader);
    }
  });
  after(async () => {
    await store.close();
    await db.close();
  });

  it('finds nothing in a log written by the store', async () => {
    const log = await auditEventLog(db);
    assert.deepEqual([log.events, log.streams, log.head], [6, 3, 6]);
    assert.deepEqual(log.findings, []);
    const payloads = await auditPayloads(store, eventSchemas);
    assert.equal(payloads.checked, 6);
    assert.deepEqual(payloads.findings, []);
  });

  it('names a missing event, a broken stream version, a stale ll_streams row and an invalid payload', async () => {
    await db.query(`DELETE FROM ll_events WHERE stream_id = 'trade-b' AND version = 1`);
    await db.query(`UPDATE ll_streams SET version = 7 WHERE stream_id = 'trade-c'`);
    await db.query(`UPDATE ll_events SET data = jsonb_set(data, '{quantityMwh}', '"ten"') WHERE stream_id = 'trade-a' AND version = 1`);
    const { findings } = await auditEventLog(db);
    const found = findings.map(({ check, detail }) => `${check} | ${detail}`).join('\n');
    assert.match(found, /positions are 1\.\.head without a gap \| position 3 to 3 missing/);
    assert.match(found, /stream versions are 1\.\.n in position order \| trade-b: event at position 4 has version 2, expected 1/);
    assert.match(found, /ll_streams holds each stream's last version \| trade-c: ll_streams says 7, the log 2/);
    const payloads = await auditPayloads(store, eventSchemas);
    assert.deepEqual(payloads.findings.map((f) => f.detail), ['position 1 TradePlaced in trade-a: quantityMwh: Invalid input: expected number, received string']);
  });
});
