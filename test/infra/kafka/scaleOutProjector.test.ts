import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { Partitioners } from 'kafkajs';
import { silentLog } from '../../../commands/log.js';
import type { EventStore, RecordedEvent } from '../../../commands/eventStore.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { createKafkaClient } from '../../../infra/kafka/kafkaClient.js';
import { createKafkaProjector, type BatchOutcome } from '../../../infra/kafka/kafkaProjector.js';
import { createKafkaProjectorPosition } from '../../../infra/kafka/kafkaProjectorPosition.js';
import { createRelay, type Relay } from '../../../infra/kafka/relay.js';
import type { TradeView } from '../../../projections/changeFeed.js';
import { tradeColumns, tradeFromRow } from '../../../projections/tradeRow.js';
import { evolveTradeView, foldTradeViews, tradeKeyOf, tradeViewKey } from '../../../projections/tradeView.js';
import { foldBatch } from '../../../projections/foldBatch.js';
import { tradesProjection } from '../../../projections/trades.js';
import { tradingEventTypes } from '../../../projections/tradingEvent.js';
import { createTestDb, skipUnless, type TestDb } from '../../support/testDb.js';
import { appendTrades, consumeTopic, kafkaBrokers } from './relayFixture.js';

const root = path.resolve(import.meta.dirname, '../../..');
const PARTITIONS = 6;

const until = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** What one projector instance did: its latest assignment and the batches it committed. */
type Instance = { assigned: number[]; batches: BatchOutcome[] };
const applied = (instance: Instance) => instance.batches.reduce((sum, b) => sum + b.applied, 0);

const spawnProjector = (databaseUrl: string, topic: string, groupId: string): { child: ChildProcess; instance: Instance } => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/infra/kafka/projectorProcess.ts'), databaseUrl, kafkaBrokers().join(','), topic, groupId], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const instance: Instance = { assigned: [], batches: [] };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const parsed = JSON.parse(line) as { assigned?: number[]; batch?: BatchOutcome };
    if (parsed.assigned) instance.assigned = parsed.assigned;
    if (parsed.batch) instance.batches.push(parsed.batch);
  });
  return { child, instance };
};

describe('scale-out projectors (real broker)', { skip: skipUnless('KAFKA_BROKERS') || skipUnless('DATABASE_URL') }, () => {
  const prefix = `scaleout${randomUUID().slice(0, 8)}`;
  const topic = `${prefix}.trading.trade`;
  const kafka = createKafkaClient({ brokers: kafkaBrokers(), clientId: 'scale-out-test', log: silentLog });
  let db: TestDb;
  let store: EventStore;
  let relay: Relay;

  before(async () => {
    db = await createTestDb('kafka_scale_out');
    store = createPostgresEventStore(db);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
    await admin.disconnect();
    relay = createRelay({ store, db, kafka, topicPrefix: prefix, partitions: PARTITIONS, batchSize: 50, idleWaitMs: 100 });
    await relay.start();
  });
  after(async () => {
    await relay?.stop();
    await store?.close();
    await db?.close();
  });

  const readModel = async (): Promise<Map<string, TradeView>> => {
    const { rows } = await db.query(`SELECT ${tradeColumns} FROM trades`);
    return new Map(rows.map((row) => {
      const trade = tradeFromRow(row);
      return [tradeViewKey(trade.tenant, trade.id), trade];
    }));
  };
  /** Every row of trade_updates as `position tenant trade`, in order. */
  const updates = async (): Promise<string[]> =>
    (await db.query<{ u: string }>("SELECT position || ' ' || tenant || ' ' || trade_id AS u FROM trade_updates ORDER BY position, tenant, trade_id")).rows.map((row) => row.u);
  /** The trade_updates a fold of the log makes: one per event that changed a trade. */
  const foldedUpdates = (log: readonly RecordedEvent[]): string[] =>
    foldBatch(log, new Map(), tradeKeyOf, evolveTradeView).changes.map(({ view, at }) => `${at} ${view.tenant} ${view.id}`);
  const tradingLog = async (): Promise<RecordedEvent[]> => [...(await store.readAll({ limit: 1_000_000, filter: { types: tradingEventTypes } }))];
  /** Every partition's stored offset has reached the end of the topic. */
  const caughtUp = async (): Promise<boolean> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      const { rows } = await db.query<{ partition: number; next_offset: string }>('SELECT partition, next_offset FROM ll_projector_offsets WHERE topic = $1', [topic]);
      const stored = new Map(rows.map((row) => [Number(row.partition), row.next_offset]));
      return ends.every(({ partition, high }) => high === '0' || stored.get(partition) === high);
    } finally {
      await admin.disconnect();
    }
  };

  it('two projector processes share the partitions; one is killed mid-stream; the read model equals a fold of the log, each event applied once', { timeout: 180_000 }, async () => {
    const groupId = `scale-${prefix}`;
    const a = spawnProjector(db.url!, topic, groupId);
    const b: Instance = { assigned: [], batches: [] };
    const projectorB = createKafkaProjector({
      kafka, db, projection: tradesProjection, topics: [topic], groupId, sessionTimeoutMs: 6000,
      onAssigned: (assigned) => (b.assigned = [...(assigned[topic] ?? [])]), onBatch: (batch) => b.batches.push(batch),
    });
    let killed = false;
    try {
      await projectorB.start();
      await until('both instances hold half of the partitions', () => a.instance.assigned.length === PARTITIONS / 2 && b.assigned.length === PARTITIONS / 2);
      assert.deepEqual([...a.instance.assigned, ...b.assigned].sort(), Array.from({ length: PARTITIONS }, (_, p) => p), 'disjoint, together all partitions');

      // Events keep coming while instance A is killed.
      const appending = (async () => {
        for (let wave = 0; wave < 16; wave += 1) {
          await appendTrades(store, 12, 3);
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
      })();
      await until('both instances applied events', () => applied(a.instance) >= 100 && applied(b) >= 100);
      assert.ok(a.instance.batches.every((batch) => a.instance.assigned.includes(batch.partition)), 'A applied only its partitions');
      assert.ok(b.batches.every((batch) => b.assigned.includes(batch.partition)), 'B applied only its partitions');
      a.child.kill('SIGKILL');
      killed = true;
      const appliedByA = applied(a.instance);
      await appending;

      await until('B took over every partition', () => b.assigned.length === PARTITIONS);
      await relay.waitFor(await store.headPosition(), 30_000);
      await until('the projector caught up with the topic', caughtUp);
      const log = await tradingLog();
      assert.deepEqual(await updates(), foldedUpdates(log), 'trade_updates has each change once: no event applied twice, none missing');
      assert.deepEqual(await readModel(), foldTradeViews(log), 'the read model equals a fold of the whole log');
      assert.ok(appliedByA > 0 && applied(b) > 0 && appliedByA < log.length, `the work was divided (A applied ${appliedByA} of ${log.length} before it died)`);

      // A relay redelivery (the same events again, at new offsets) changes nothing.
      const again = await consumeTopic(kafka, topic, 60);
      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: again.map(({ partition, message }) => ({ partition, key: message.key, value: message.value, headers: message.headers ?? {} })) });
      await producer.disconnect();
      await until('the projector read the redelivery', caughtUp);
      assert.ok(b.batches.some((batch) => batch.skipped > 0), 'B saw the duplicates and skipped them');
      assert.deepEqual(await updates(), foldedUpdates(log));
      assert.deepEqual(await readModel(), foldTradeViews(log));
    } finally {
      if (!killed) a.child.kill('SIGKILL');
      await projectorB.stop();
    }
  });

  it('gives a consistency position: the relay\'s checkpoint once every partition is applied up to the end, never ahead of the read model', { timeout: 120_000 }, async () => {
    const groupId = `scale-${prefix}`;
    const watermark = createKafkaProjectorPosition({ kafka, db, projector: tradesProjection.name, topics: [topic] });
    try {
      const before = await store.headPosition();
      await until('the position reaches what the first test applied', async () => (await watermark.position()) === before);
      await appendTrades(store, 10, 2); // no projector runs now
      const head = await store.headPosition();
      await relay.waitFor(head, 30_000);
      assert.equal(await watermark.position(), before, 'published but not applied: the position stays');
      const projector = createKafkaProjector({ kafka, db, projection: tradesProjection, topics: [topic], groupId, sessionTimeoutMs: 6000 });
      await projector.start();
      try {
        await until('the position reaches the head', async () => (await watermark.position()) === head);
        const log = await tradingLog();
        assert.deepEqual(await readModel(), foldTradeViews(log), 'at that position the read model holds every event');
        assert.deepEqual(await updates(), foldedUpdates(log));
      } finally {
        await projector.stop();
      }
    } finally {
      await watermark.close();
    }
  });
});
