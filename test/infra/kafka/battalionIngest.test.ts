import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Partitioners } from 'kafkajs';
import type { EventStore } from '../../../commands/eventStore.js';
import { battalionTradeId, createBattalionTradesHandler } from '../../../commands/ingest/battalionTrades.js';
import type { InboundHandler } from '../../../commands/ingest/inboundHandler.js';
import { silentLog } from '../../../commands/log.js';
import { createTradingCommands } from '../../../commands/trading/tradingCommands.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { createInboundConsumer, dlqHeaders } from '../../../infra/kafka/inboundConsumer.js';
import { createKafkaClient } from '../../../infra/kafka/kafkaClient.js';
import { createTestDb, skipUnless, type TestDb } from '../../support/testDb.js';
import { consumeTopic, kafkaBrokers } from './relayFixture.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> => {
  for (const deadline = Date.now() + timeoutMs; !(await check()); await sleep(100)) if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
};
const execution = (executionId: string, overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ executionId, account: 'acc-7', market: 'EEX.DE_BASE.M1', direction: 'BUY', volumeMwh: 25, priceEurMwh: 81.5, executedAt: '2026-03-01T10:00:00Z', ...overrides });

describe('inbound consumer: battalion.trades (real broker)', { skip: skipUnless('KAFKA_BROKERS') }, () => {
  let db: TestDb;
  let store: EventStore;
  const kafka = createKafkaClient({ brokers: kafkaBrokers(), clientId: 'ingest-test', log: silentLog });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });

  before(async () => {
    db = await createTestDb('kafka_ingest');
    store = createPostgresEventStore(db);
    await producer.connect();
  });
  after(async () => {
    await producer.disconnect();
    await store.close();
    await db.close();
  });

  const send = (topic: string, values: readonly string[]) => producer.send({ topic, acks: -1, messages: values.map((value, i) => ({ key: `k${i}`, value })) });
  const tradeEvents = async (executionId: string) => (await store.readStream(`trade-${battalionTradeId(executionId)}`)).map((e) => e.type);

  it('turns executions into a placed and filled trade, dead-letters poison with the error, and acts once on a redelivered batch', { timeout: 120_000 }, async () => {
    const topic = `battalion.trades.${randomUUID().slice(0, 8)}`;
    const handler = createBattalionTradesHandler({ trading: createTradingCommands({ store }), tenant: 'acme', topic });
    const groupId = `ingest-${randomUUID()}`;
    const consumer = createInboundConsumer({ kafka, handler, groupId });
    await consumer.start();
    try {
      await send(topic, [execution('e1'), 'not json {', execution('e2'), JSON.stringify({ account: 'a' }), execution('e3', { volumeMwh: -5 }), execution('e4', { volumeMwh: 5000 }), execution('e5', { direction: 'SELL' })]);
      for (const id of ['e1', 'e2', 'e5']) await until(id, async () => (await tradeEvents(id)).length === 2);
      assert.deepEqual(await tradeEvents('e1'), ['TradePlaced', 'TradeFilled']);
      const [placed] = await store.readStream(`trade-${battalionTradeId('e5')}`);
      assert.deepEqual({ ...placed!.data, placedAt: null }, { tradeId: 'battalion.e5', accountId: 'acc-7', instrument: 'EEX.DE_BASE.M1', side: 'SELL', quantityMwh: 25, limitPrice: 81.5, placedAt: null });
      assert.equal(placed!.metadata.tenant, 'acme');

      const dlq = await consumeTopic(kafka, `${topic}.dlq`, 4, { settleMs: 300 });
      const rejected = dlq.map(({ message }) => [message.headers?.[dlqHeaders.code]?.toString(), message.headers?.[dlqHeaders.message]?.toString().split(':')[0]]);
      assert.deepEqual(rejected, [['INGEST_UNDECODABLE', 'not JSON'], ['INGEST_INVALID', 'executionId'], ['INGEST_INVALID', 'volumeMwh'], ['RISK_LIMIT_EXCEEDED', '5000 MWh exceeds the per-trade limit of 1000 MWh']]);
      assert.equal(dlq[1]!.message.value?.toString(), JSON.stringify({ account: 'a' }), 'the DLQ keeps the original message');
      assert.equal(dlq[1]!.message.headers?.[dlqHeaders.topic]?.toString(), topic);
      assert.deepEqual(await tradeEvents('e4'), []);
    } finally {
      await consumer.stop();
    }

    // The whole batch again: the group's offsets go back to the start, as after a lost commit.
    const head = await store.headPosition();
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId, topic, earliest: true });
    await admin.disconnect();
    const again = createInboundConsumer({ kafka, handler, groupId });
    await again.start();
    try {
      await send(topic, [execution('e6')]);
      await until('e6', async () => (await tradeEvents('e6')).length === 2);
      assert.equal(await store.headPosition(), head + 2, 'only the new execution appended events');
      const dlq = await consumeTopic(kafka, `${topic}.dlq`, 8, { settleMs: 300 });
      assert.equal(dlq.length, 8, 'the batch was really handled again (its poison dead-lettered twice)');
    } finally {
      await again.stop();
    }
  });

  it('retries a transiently failing message without blocking the other partitions', { timeout: 60_000 }, async () => {
    const topic = `battalion.retry.${randomUUID().slice(0, 8)}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    const handled: string[] = [];
    let attempts = 0;
    const handler: InboundHandler = {
      topic,
      handle: async (message) => {
        const value = message.value?.toString() ?? '';
        if (value === 'slow' && ++attempts <= 3) throw new Error('connection reset');
        handled.push(value);
      },
    };
    const consumer = createInboundConsumer({ kafka, handler, groupId: `retry-${randomUUID()}`, concurrency: 2, backoff: { initialMs: 300, maxMs: 600 } });
    await consumer.start();
    try {
      await producer.send({ topic, acks: -1, messages: [{ partition: 0, value: 'slow' }, { partition: 0, value: 'after-slow' }, ...['f1', 'f2', 'f3'].map((value) => ({ partition: 1, value }))] });
      await until('all handled', async () => handled.length === 5);
      assert.equal(attempts, 4);
      assert.ok(handled.indexOf('f3') < handled.indexOf('slow'), `other partition went on: ${handled.join(',')}`);
      assert.ok(handled.indexOf('slow') < handled.indexOf('after-slow'), 'its own partition waited');
    } finally {
      await consumer.stop();
    }
  });
});
