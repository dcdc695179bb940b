import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Partitioners } from 'kafkajs';
import { silentLog } from '../../commands/log.js';
import { createAvroSerializer } from '../../infra/avro/avroSerializer.js';
import { ConfigError, loadConfig } from '../../infra/config.js';
import { decodeRelayMessage } from '../../infra/kafka/decodeRelayMessage.js';
import { createKafkaClient } from '../../infra/kafka/kafkaClient.js';
import { startSystem } from '../../read-api/system.js';
import { consumeTopic, kafkaBrokers } from '../infra/kafka/relayFixture.js';
import { createTestDb, skipUnless } from '../support/testDb.js';
import { PLACE_TRADE, startGateway, tradeInput, type Gateway } from './gatewayHarness.js';

const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('Kafka configuration', () => {
  it('names the variable of a bad Kafka setting', () => {
    for (const [variable, value] of [['KAFKA_PARTITIONS', '0'], ['RELAY_BATCH_SIZE', 'many'], ['KAFKA_TOPIC_PREFIX', 'a.b'], ['KAFKA_BROKERS', 'localhost'], ['BATTALION_TOPIC', 'no spaces']]) {
      assert.throws(() => loadConfig({ [variable!]: value }), (error: unknown) => error instanceof ConfigError && error.message.includes(`${variable}:`), variable);
    }
    const config = loadConfig({});
    assert.deepEqual([config.KAFKA_BROKERS, config.KAFKA_TOPIC_PREFIX, config.KAFKA_PARTITIONS, config.RELAY_BATCH_SIZE, config.BATTALION_TOPIC, config.BATTALION_TENANT], [[], 'ledgerline', 6, 500, 'battalion.trades', 'battalion']);
  });

  it('runs no relay and no ingest without KAFKA_BROKERS, even when ROLES names them', async () => {
    const db = await createTestDb('kafka_roles_embedded');
    const system = await startSystem(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ROLES: 'relay,ingest' }), { db });
    try {
      assert.equal(system.relay, null);
      assert.equal(system.url, null);
    } finally {
      await system.close();
      await db.close();
    }
  });
});

describe('roles relay and ingest (real broker)', { skip: skipUnless('KAFKA_BROKERS') }, () => {
  const prefix = `rolestest${randomUUID().slice(0, 8)}`;
  const battalionTopic = `battalion.trades.${prefix}`;
  const kafka = createKafkaClient({ brokers: kafkaBrokers(), clientId: 'kafka-roles-test', log: silentLog });
  let gateway: Gateway;

  before(async () => {
    gateway = await startGateway('kafka_roles', {
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_PARTITIONS: '3',
      RELAY_BATCH_SIZE: '50',
      BATTALION_TOPIC: battalionTopic,
      BATTALION_TENANT: 'acme',
    });
  });
  after(async () => {
    await gateway?.close();
  });

  it('publishes a trade placed over GraphQL to its Kafka topic, and reports the relay on /metrics and /health/ready', { timeout: 60_000 }, async () => {
    const relay = gateway.system.relay;
    assert.ok(relay !== null, 'the relay runs');
    const placed = await gateway.graphql(PLACE_TRADE, { input: tradeInput() });
    assert.equal(placed.errors, undefined);
    const { tradeId, consistencyToken } = placed.data!['placeTrade'] as { tradeId: string; consistencyToken: string };
    await relay.waitFor(Number(consistencyToken), 30_000);

    const consumed = await consumeTopic(kafka, `${prefix}.trading.trade`, 1, { settleMs: 300 });
    assert.equal(consumed.length, 1);
    const event = decodeRelayMessage(consumed[0]!.message, createAvroSerializer());
    assert.equal(event.type, 'TradePlaced');
    assert.equal(event.data['tradeId'], tradeId);
    assert.equal(event.tenant, 'acme');
    assert.equal(consumed[0]!.message.key?.toString(), event.streamId);

    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    assert.match(metrics, new RegExp(`^ledgerline_relay_position ${Number(consistencyToken)}$`, 'm'));
    assert.match(metrics, /^ledgerline_relay_lag_events 0$/m);
    assert.match(metrics, /^ledgerline_relay_lag_seconds 0$/m);
    assert.match(metrics, /^ledgerline_relay_up 1$/m);
    const ready = (await (await fetch(`${gateway.url}/health/ready`)).json()) as { status: string; dependencies: Record<string, Record<string, unknown>> };
    assert.equal(ready.status, 'ready');
    assert.deepEqual({ ...ready.dependencies['relay'], latencyMs: 0 }, {
      status: 'up', latencyMs: 0, running: true, position: Number(consistencyToken), head: Number(consistencyToken), lagEvents: 0, lagSeconds: 0, lastError: null,
    });
  });

  it('turns a Battalion execution on the configured topic into a filled trade of the configured tenant', { timeout: 60_000 }, async () => {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const executionId = `X-${randomUUID().slice(0, 8)}`;
    try {
      const execution = { executionId, account: 'acc-7', market: 'EEX.DE_BASE.M1', direction: 'BUY', volumeMwh: 25, priceEurMwh: 81.5, executedAt: '2026-03-01T10:00:00Z' };
      await producer.send({ topic: battalionTopic, acks: -1, messages: [{ key: executionId, value: JSON.stringify(execution) }] });
    } finally {
      await producer.disconnect();
    }
    const streamId = `trade-battalion.${executionId}`;
    await until('the execution became a trade', async () => (await gateway.system.store.readStream(streamId)).length === 2);
    const events = await gateway.system.store.readStream(streamId);
    assert.deepEqual(events.map((e) => [e.type, e.metadata.tenant, e.metadata.actor]), [['TradePlaced', 'acme', 'ingest:battalion'], ['TradeFilled', 'acme', 'ingest:battalion']]);
  });
});
