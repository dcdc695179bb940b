import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import type { EventStore } from '../../commands/eventStore.js';
import { silentLog, type Log } from '../../commands/log.js';
import { createAvroSerializer, type AvroSerializer } from '../avro/avroSerializer.js';
import type { Db } from '../db/db.js';
import { advanceRelayCheckpoint, readRelayCheckpoint, RelayCheckpointMovedError } from './relayCheckpoint.js';
import { toRelayMessage, type RelayMessage } from './relayMessage.js';
import { createMissingTopics } from './createMissingTopics.js';

export type RelayOptions = Readonly<{
  store: EventStore;
  db: Db;
  kafka: Kafka;
  serializer?: AvroSerializer;
  log?: Log;
  /** The checkpoint's name: one relay runs per name. */
  name?: string;
  /** Topics are `<prefix>.<context>.<category>`. */
  topicPrefix?: string;
  /** Partitions of a topic the relay creates (a missing topic is created before its first message). */
  partitions?: number;
  batchSize?: number;
  /** How long an idle relay waits for an append before it looks at the log again. */
  idleWaitMs?: number;
  /** Retry delays after a failed batch: doubling from initialMs up to maxMs. */
  backoff?: Readonly<{ initialMs: number; maxMs: number }>;
  now?: () => number;
}>;

export type RelayStatus = Readonly<{
  running: boolean;
  /** The position of the last event the broker acknowledged. */
  position: number;
  head: number;
  lagEvents: number;
  /** Age of the oldest event not yet acknowledged (0 when caught up). */
  lagSeconds: number;
  lastError: string | null;
}>;

export type Relay = Readonly<{
  start: () => Promise<void>;
  /** Stops after the batch in flight; its checkpoint stays at the last acknowledged batch. */
  stop: () => Promise<void>;
  status: () => Promise<RelayStatus>;
  /** Resolves once the relay's checkpoint has reached `position`; rejects after timeoutMs. */
  waitFor: (position: number, timeoutMs?: number) => Promise<void>;
}>;

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

const byTopic = (messages: readonly RelayMessage[]) => {
  const topics = new Map<string, { key: string; value: Buffer; headers: Record<string, string> }[]>();
  for (const { topic, key, value, headers } of messages) {
    const list = topics.get(topic) ?? [];
    list.push({ key, value, headers: { ...headers } });
    topics.set(topic, list);
  }
  return [...topics].map(([topic, list]) => ({ topic, messages: list }));
};

/**
 * Publishes the event store's log to Kafka in commit order: reads a batch after the checkpoint, sends it
 * with an idempotent producer (acks = all), then advances the checkpoint. At least once: a crash between
 * the acknowledgement and the checkpoint republishes that batch with the same event ids.
 */
export const createRelay = ({
  store, db, kafka, serializer = createAvroSerializer(), log = silentLog, name = 'relay', topicPrefix = 'ledgerline', partitions = 6,
  batchSize = 500, idleWaitMs = 1000, backoff = { initialMs: 100, maxMs: 5000 }, now = Date.now,
}: RelayOptions): Relay => {
  const relayLog = log.child({ relay: name });
  const knownTopics = new Set<string>();
  let admin: Admin | null = null;
  let producer: Producer | null = null;
  let checkpoint = 0;
  let lastError: string | null = null;
  let controller: AbortController | null = null;
  let loop: Promise<void> | null = null;
  let running = false;
  const waiters = new Set<() => void>();

  const connectedProducer = async (): Promise<Producer> => {
    if (producer !== null) return producer;
    const created = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 8, maxRetryTime: 5000 } });
    await created.connect();
    producer = created;
    return created;
  };

  const ensureTopics = async (messages: readonly RelayMessage[]): Promise<void> => {
    const missing = [...new Set(messages.map((m) => m.topic))].filter((topic) => !knownTopics.has(topic));
    if (missing.length === 0) return;
    if (admin === null) {
      admin = kafka.admin();
      await admin.connect();
    }
    const created = await createMissingTopics(admin, missing, partitions);
    if (created.length > 0) relayLog.info({ topics: created, partitions }, 'created topics');
    missing.forEach((topic) => knownTopics.add(topic));
  };

  const publishBatch = async (signal: AbortSignal): Promise<void> => {
    const events = await store.readAll({ after: checkpoint, limit: batchSize });
    const last = events.at(-1);
    if (last === undefined) return store.waitForAppend(checkpoint, { timeoutMs: idleWaitMs, signal });
    const messages = events.map((event) => toRelayMessage(event, serializer, topicPrefix));
    await ensureTopics(messages);
    await (await connectedProducer()).sendBatch({ acks: -1, topicMessages: byTopic(messages) });
    await advanceRelayCheckpoint(db, name, checkpoint, last.position);
    checkpoint = last.position;
    lastError = null;
    waiters.forEach((wake) => wake());
  };

  const run = async (signal: AbortSignal): Promise<void> => {
    let delay = backoff.initialMs;
    while (!signal.aborted) {
      try {
        await publishBatch(signal);
        delay = backoff.initialMs;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        if (error instanceof RelayCheckpointMovedError) {
          relayLog.error({ err: error }, 'relay stopped');
          return;
        }
        relayLog.warn({ err: error, checkpoint, retryInMs: delay }, 'relay batch failed; retrying from the checkpoint');
        const failed = producer;
        producer = null; // a fresh idempotent producer (new producer id) after a failed send
        await failed?.disconnect().catch(() => undefined);
        await sleep(delay, signal);
        delay = Math.min(delay * 2, backoff.maxMs);
      }
    }
  };

  const status = async (): Promise<RelayStatus> => {
    const head = await store.headPosition();
    const next = head > checkpoint ? (await store.readAll({ after: checkpoint, limit: 1 }))[0] : undefined;
    const lagSeconds = next === undefined ? 0 : Math.max(0, (now() - Date.parse(next.recordedAt)) / 1000);
    return { running, position: checkpoint, head, lagEvents: Math.max(0, head - checkpoint), lagSeconds, lastError };
  };

  const waitFor = (position: number, timeoutMs = 10_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (checkpoint < position) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => (waiters.delete(check), reject(new Error(`relay ${name} did not reach ${position} within ${timeoutMs} ms (at ${checkpoint})`))), timeoutMs);
      waiters.add(check);
      check();
    });

  return {
    start: async () => {
      if (loop !== null) return;
      checkpoint = await readRelayCheckpoint(db, name);
      relayLog.info({ checkpoint }, 'relay starting');
      controller = new AbortController();
      running = true;
      loop = run(controller.signal).finally(() => {
        running = false;
      });
    },
    stop: async () => {
      controller?.abort();
      await loop;
      loop = null;
      await producer?.disconnect().catch(() => undefined);
      await admin?.disconnect().catch(() => undefined);
      producer = null;
      admin = null;
    },
    status,
    waitFor,
  };
};
