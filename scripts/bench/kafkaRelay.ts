import { randomUUID } from 'node:crypto';
import { Partitioners, type Kafka } from 'kafkajs';
import type { EventMetadata, EventStore, RecordedEvent } from '../../commands/eventStore.js';
import { silentLog } from '../../commands/log.js';
import { createAvroSerializer } from '../../infra/avro/avroSerializer.js';
import type { Db } from '../../infra/db/db.js';
import { createKafkaClient } from '../../infra/kafka/kafkaClient.js';
import { createRelay } from '../../infra/kafka/relay.js';
import { relayHeaders, toRelayMessage } from '../../infra/kafka/relayMessage.js';
import { percentile, throughput, type Figure } from './measure.js';
import { seedTrades } from './projectionCatchUp.js';

const PARTITIONS = 6;

const createTopics = async (kafka: Kafka, topics: readonly string[]): Promise<void> => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
};

/** Every event of the log, read once (outside any timing). */
const readLog = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (let after = 0; ; ) {
    const page = await store.readAll({ after, limit: 10_000 });
    const last = page.at(-1);
    if (last === undefined) return events;
    events.push(...page);
    after = last.position;
  }
};

/**
 * (f) The relay publishing `count` stored events (store → Avro → acknowledged Kafka writes, checkpoint
 * after each batch), next to a raw kafkajs idempotent producer sending the same records (encoded before
 * the clock starts) in batches of the same size, one at a time like the relay. Returns both and the ratio.
 */
export const relayThroughput = async ({ db, store, brokers, count, batchSize = 500 }: { db: Db; store: EventStore; brokers: readonly string[]; count: number; batchSize?: number }): Promise<Figure[]> => {
  await seedTrades(store, count);
  const head = await store.headPosition();
  const kafka = createKafkaClient({ brokers, clientId: 'bench-relay', log: silentLog });
  const run = randomUUID().slice(0, 8);
  const relayPrefix = `benchrelay${run}`;
  const rawPrefix = `benchraw${run}`;
  await createTopics(kafka, [`${relayPrefix}.trading.trade`, `${rawPrefix}.trading.trade`]);

  const serializer = createAvroSerializer();
  const messages = (await readLog(store)).map((event) => toRelayMessage(event, serializer, rawPrefix));
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const raw = await throughput('(f) raw kafkajs producer, same records', messages.length, 'events/s', async () => {
    for (let first = 0; first < messages.length; first += batchSize) {
      const batch = messages.slice(first, first + batchSize);
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic: batch[0]!.topic, messages: batch.map(({ key, value, headers }) => ({ key, value, headers: { ...headers } })) }] });
    }
  }, `batch ${batchSize}, acks all, idempotent, records encoded beforehand`);
  await producer.disconnect();

  const relay = createRelay({ store, db, kafka, name: `bench-${run}`, topicPrefix: relayPrefix, partitions: PARTITIONS, batchSize });
  const relayed = await throughput('(f) relay: store → acknowledged Kafka writes', head, 'events/s', async () => {
    await relay.start();
    await relay.waitFor(head, 30 * 60_000);
  }, `batch ${batchSize}, ${PARTITIONS} partitions`);
  await relay.stop();
  const ratio = relayed.value / raw.value;
  return [raw, relayed, { name: '(f) relay / raw producer', unit: 'ratio', value: ratio, detail: `aim: 0.5 or more (${ratio >= 0.5 ? 'met' : 'not met'})` }];
};

/**
 * (g) End-to-end lag: events appended one at a time at a steady rate while the relay runs; a consumer in
 * its own group reads the topic; latency from the start of each append to the consumer receiving it.
 */
export const endToEndLag = async ({ db, store, brokers, eventsPerSecond, seconds }: { db: Db; store: EventStore; brokers: readonly string[]; eventsPerSecond: number; seconds: number }): Promise<Figure[]> => {
  const kafka = createKafkaClient({ brokers, clientId: 'bench-lag', log: silentLog });
  const run = randomUUID().slice(0, 8);
  const prefix = `benchlag${run}`;
  const topic = `${prefix}.trading.trade`;
  await createTopics(kafka, [topic]);
  const relay = createRelay({ store, db, kafka, name: `bench-lag-${run}`, topicPrefix: prefix, partitions: PARTITIONS, batchSize: 500 });
  await relay.start();
  const sent = new Map<string, bigint>();
  const latencies: number[] = [];
  const total = eventsPerSecond * seconds;
  let allReceived!: () => void;
  const received = new Promise<void>((resolve) => (allReceived = resolve));
  const consumer = kafka.consumer({ groupId: `bench-lag-${run}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const id = message.headers?.[relayHeaders.eventId]?.toString();
      const at = id === undefined ? undefined : sent.get(id);
      if (at === undefined || id === undefined) return;
      sent.delete(id);
      latencies.push(Number(process.hrtime.bigint() - at) / 1e6);
      if (latencies.length === total) allReceived();
    },
  });
  await new Promise((resolve) => setTimeout(resolve, 3000)); // the group settles before the clock starts
  const metadata: EventMetadata = { tenant: 'bench', actor: 'bench', correlationId: run, causationId: null, traceparent: null, schemaVersion: 1 };
  const started = Date.now();
  const appends: Promise<unknown>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / eventsPerSecond;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    const tradeId = randomUUID();
    const eventId = randomUUID();
    sent.set(eventId, process.hrtime.bigint());
    const data = { tradeId, accountId: `acct-${i % 20}`, instrument: 'ERCOT.HB_NORTH.DA', side: 'BUY', quantityMwh: 1, limitPrice: 30, placedAt: new Date().toISOString() };
    appends.push(store.append(`trade-${tradeId}`, [{ eventId, type: 'TradePlaced', data, metadata }], { expectedVersion: 'no_stream' }));
  }
  await Promise.all(appends);
  await Promise.race([received, new Promise((resolve) => setTimeout(resolve, 60_000))]);
  await consumer.disconnect();
  await relay.stop();
  const sorted = [...latencies].sort((x, y) => x - y);
  const detail = `${latencies.length}/${total} events at ${eventsPerSecond}/s, append → consumer`;
  return [
    { name: '(g) end-to-end lag p50', unit: 'ms', value: percentile(sorted, 50), detail },
    { name: '(g) end-to-end lag p99', unit: 'ms', value: percentile(sorted, 99), detail },
  ];
};
