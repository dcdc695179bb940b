import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAvroSerializer } from '../../../infra/avro/avroSerializer.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { decodeRelayMessage } from '../../../infra/kafka/decodeRelayMessage.js';
import { createKafkaClient } from '../../../infra/kafka/kafkaClient.js';
import { createRelay } from '../../../infra/kafka/relay.js';
import { readRelayCheckpoint } from '../../../infra/kafka/relayCheckpoint.js';
import { silentLog } from '../../../commands/log.js';
import type { EventStore, RecordedEvent } from '../../../commands/eventStore.js';
import { createTestDb, skipUnless, type TestDb } from '../../support/testDb.js';
import { appendTrades, consumeTopic, kafkaBrokers } from './relayFixture.js';

const root = path.resolve(import.meta.dirname, '../../..');
const serializer = createAvroSerializer();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A broker of this test's own on another port, so restarting it disturbs no other test. */
const OWN_BROKER_PORT = 39092;
const kafkaScript = (command: 'start' | 'stop') => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/kafka.ts'), command, '--port', String(OWN_BROKER_PORT)], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, `kafka ${command}: ${result.stdout}${result.stderr}`);
};

/** Nothing missing; every duplicate is a redelivery of the same event id. */
const assertComplete = async (brokers: string[], topic: string, recorded: readonly RecordedEvent[]) => {
  const kafka = createKafkaClient({ brokers, clientId: 'relay-restart-check', log: silentLog });
  const consumed = await consumeTopic(kafka, topic, recorded.length, { settleMs: 1000, timeoutMs: 60_000 });
  const ids = consumed.map(({ message }) => decodeRelayMessage(message, serializer).eventId);
  assert.deepEqual(new Set(ids), new Set(recorded.map((e) => e.eventId)));
  return ids.length - recorded.length;
};

describe('Kafka relay across failures (real broker)', { skip: skipUnless('KAFKA_BROKERS') }, () => {
  let db: TestDb;
  let store: EventStore;
  before(async () => {
    db = await createTestDb('kafka_relay_restart');
    store = createPostgresEventStore(db);
  });
  after(async () => {
    await store.close();
    await db.close();
  });

  it('loses nothing across a broker restart while events keep coming', { timeout: 180_000 }, async () => {
    kafkaScript('start');
    const brokers = [`127.0.0.1:${OWN_BROKER_PORT}`];
    const prefix = `restart${randomUUID().slice(0, 8)}`;
    const kafka = createKafkaClient({ brokers, clientId: 'relay-restart', log: silentLog });
    const relay = createRelay({ store, db, kafka, name: `${prefix}`, topicPrefix: prefix, partitions: 3, batchSize: 25, idleWaitMs: 100, backoff: { initialMs: 100, maxMs: 1000 } });
    const recorded = await appendTrades(store, 20, 3);
    await relay.start();
    try {
      await relay.waitFor(recorded.at(-1)!.position, 30_000);
      kafkaScript('stop');
      recorded.push(...(await appendTrades(store, 20, 3)));
      await sleep(1500);
      assert.ok((await relay.status()).lagEvents > 0, 'the relay cannot publish while the broker is down');
      kafkaScript('start');
      recorded.push(...(await appendTrades(store, 10, 1)));
      await relay.waitFor(recorded.at(-1)!.position, 90_000);
    } finally {
      await relay.stop();
    }
    await assertComplete(brokers, `${prefix}.trading.trade`, await store.readAll({ limit: 100_000 }));
  });

  after(() => {
    if (!skipUnless('KAFKA_BROKERS')) kafkaScript('stop'); // this test's own broker, also when a test failed
  });

  it('loses nothing when the relay process is killed mid-stream and restarted', { skip: skipUnless('DATABASE_URL'), timeout: 180_000 }, async () => {
    const brokers = kafkaBrokers();
    const prefix = `crash${randomUUID().slice(0, 8)}`;
    const name = `${prefix}`;
    await appendTrades(store, 60, 4);
    const spawnRelay = (): ChildProcess =>
      spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'relayProcess.ts'), db.url!, brokers.join(','), prefix, name], { cwd: root, stdio: 'ignore' });
    const first = spawnRelay();
    const head = await store.headPosition();
    let checkpoint = 0;
    for (const deadline = Date.now() + 60_000; checkpoint < head / 3 && Date.now() < deadline; await sleep(20)) checkpoint = await readRelayCheckpoint(db, name);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const killedAt = await readRelayCheckpoint(db, name);
    assert.ok(killedAt > 0 && killedAt < head, `killed mid-stream (checkpoint ${killedAt} of ${head})`);
    await appendTrades(store, 10, 2);
    const finalHead = await store.headPosition();
    const second = spawnRelay();
    try {
      for (const deadline = Date.now() + 60_000; (await readRelayCheckpoint(db, name)) < finalHead && Date.now() < deadline; ) await sleep(100);
      assert.equal(await readRelayCheckpoint(db, name), finalHead);
    } finally {
      second.kill('SIGKILL');
    }
    const all = await store.readAll({ limit: 100_000 });
    await assertComplete(brokers, `${prefix}.trading.trade`, all);
  });
});
