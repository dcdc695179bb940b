import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createAvroSerializer } from '../../../infra/avro/avroSerializer.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { decodeRelayMessage, type RelayedEvent } from '../../../infra/kafka/decodeRelayMessage.js';
import { createKafkaClient } from '../../../infra/kafka/kafkaClient.js';
import { createRelay, type RelayOptions } from '../../../infra/kafka/relay.js';
import { silentLog } from '../../../commands/log.js';
import type { EventStore, RecordedEvent } from '../../../commands/eventStore.js';
import { createTestDb, skipUnless, type TestDb } from '../../support/testDb.js';
import { appendTrades, consumeTopic, kafkaBrokers, type Consumed } from './relayFixture.js';

const skip = skipUnless('KAFKA_BROKERS');
const serializer = createAvroSerializer();

/** Every relayed event, checked against what the store recorded: complete, decodable, in stream order per key. */
const assertRelayed = (consumed: readonly Consumed[], recorded: readonly RecordedEvent[]): RelayedEvent[] => {
  const decoded = consumed.map(({ message }) => decodeRelayMessage(message, serializer));
  const byId = new Map(recorded.map((e) => [e.eventId, e]));
  assert.deepEqual(new Set(decoded.map((e) => e.eventId)), new Set(byId.keys()), 'every event arrives');
  for (const [i, event] of decoded.entries()) {
    const original = byId.get(event.eventId)!;
    assert.equal(consumed[i]!.message.key?.toString(), original.streamId);
    assert.deepEqual(event, {
      eventId: original.eventId, type: original.type, schemaVersion: 1, streamId: original.streamId, streamVersion: original.version,
      position: original.position, recordedAt: original.recordedAt, tenant: original.metadata.tenant, actor: original.metadata.actor,
      correlationId: original.metadata.correlationId, causationId: original.metadata.causationId, traceparent: original.metadata.traceparent,
      data: original.data,
    });
  }
  const partitionOf = new Map<string, number>();
  const lastVersion = new Map<string, number>();
  const firstSeen = new Set<string>();
  for (const [i, event] of decoded.entries()) {
    const partition = consumed[i]!.partition;
    assert.equal(partitionOf.get(event.streamId) ?? partition, partition, `${event.streamId} stays in one partition`);
    partitionOf.set(event.streamId, partition);
    if (firstSeen.has(event.eventId)) continue; // a redelivery: consumers drop it by event id
    firstSeen.add(event.eventId);
    assert.equal(event.streamVersion, (lastVersion.get(event.streamId) ?? 0) + 1, `${event.streamId} in stream order, no gap`);
    lastVersion.set(event.streamId, event.streamVersion);
  }
  return decoded;
};

describe('Kafka relay (real broker)', { skip }, () => {
  let db: TestDb;
  let store: EventStore;
  const kafka = createKafkaClient({ brokers: kafkaBrokers(), clientId: 'relay-test', log: silentLog });
  const prefix = `test${randomUUID().slice(0, 8)}`;
  const topic = `${prefix}.trading.trade`;

  before(async () => {
    db = await createTestDb('kafka_relay');
    store = createPostgresEventStore(db);
  });
  after(async () => {
    await store.close();
    await db.close();
  });

  const relayWith = (overrides: Partial<RelayOptions> = {}) =>
    createRelay({ store, db, kafka, topicPrefix: prefix, partitions: 4, batchSize: 100, idleWaitMs: 200, ...overrides });

  it('publishes every event to the category topic, keyed by stream, Avro-decodable, in stream order, and reports lag', async () => {
    const recorded = await appendTrades(store, 40, 6);
    const relay = relayWith({ store, now: () => Date.parse(recorded[0]!.recordedAt) + 90_000 });
    assert.deepEqual(await relay.status(), { running: false, position: 0, head: recorded.length, lagEvents: recorded.length, lagSeconds: 90, lastError: null });
    await relay.start();
    try {
      await relay.waitFor(recorded.at(-1)!.position, 30_000);
      const head = recorded.at(-1)!.position;
      assert.deepEqual(await relay.status(), { running: true, position: head, head, lagEvents: 0, lagSeconds: 0, lastError: null });
      const consumed = await consumeTopic(kafka, topic, recorded.length, { settleMs: 500 });
      assert.equal(consumed.length, recorded.length, 'no duplicates without a crash');
      assertRelayed(consumed, recorded);
      const admin = kafka.admin();
      await admin.connect();
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      await admin.disconnect();
      assert.equal(metadata.topics[0]?.partitions.length, 4);
      assert.ok(new Set(consumed.map((c) => c.partition)).size > 1, 'streams spread over partitions');

      const more = await appendTrades(store, 5, 1);
      await relay.waitFor(more.at(-1)!.position, 10_000);
    } finally {
      await relay.stop();
    }
  });

  it('after a crash between the acknowledgement and the checkpoint, republishes with the same event ids and misses nothing', async () => {
    await db.query('DELETE FROM ll_relay_checkpoints');
    const name = `crash-${randomUUID()}`;
    const crashPrefix = `${prefix}c`;
    const recorded = await store.readAll({ limit: 10_000 });
    const first = relayWith({ store, name, topicPrefix: crashPrefix });
    await first.start();
    await first.waitFor(recorded.at(-1)!.position, 30_000);
    await first.stop();
    // The broker acknowledged everything, but the last checkpoint writes were lost.
    const rewound = recorded[Math.floor(recorded.length / 2)]!.position;
    await db.query('UPDATE ll_relay_checkpoints SET position = $2 WHERE name = $1', [name, rewound]);
    const extra = await appendTrades(store, 3, 2);
    const second = relayWith({ store, name, topicPrefix: crashPrefix });
    await second.start();
    try {
      await second.waitFor(extra.at(-1)!.position, 30_000);
    } finally {
      await second.stop();
    }
    const all = [...recorded, ...extra];
    const duplicates = recorded.filter((e) => e.position > rewound).length;
    const consumed = await consumeTopic(kafka, `${crashPrefix}.trading.trade`, all.length + duplicates, { settleMs: 500 });
    assert.equal(consumed.length, all.length + duplicates);
    const decoded = assertRelayed(consumed, all);
    const seen = new Map<string, number>();
    decoded.forEach((e) => seen.set(e.eventId, (seen.get(e.eventId) ?? 0) + 1));
    assert.deepEqual([...seen].filter(([, n]) => n > 1).map(([id]) => id).sort(), recorded.filter((e) => e.position > rewound).map((e) => e.eventId).sort());
  });

  it('a second relay with the same name cannot move a checkpoint it did not read', async () => {
    const name = `twin-${randomUUID()}`;
    const a = relayWith({ store, name, topicPrefix: `${prefix}t` });
    await a.start();
    await a.waitFor(await store.headPosition(), 30_000);
    await a.stop();
    await db.query('UPDATE ll_relay_checkpoints SET position = 1 WHERE name = $1', [name]);
    const b = relayWith({ store, name, topicPrefix: `${prefix}t` });
    await b.start();
    await db.query('UPDATE ll_relay_checkpoints SET position = 2 WHERE name = $1', [name]);
    await appendTrades(store, 1, 0);
    const deadline = Date.now() + 10_000;
    while ((await b.status()).running && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const status = await b.status();
    await b.stop();
    assert.equal(status.running, false);
    assert.match(status.lastError ?? '', /another relay/);
  });
});
