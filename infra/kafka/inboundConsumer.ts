import { Partitioners, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { asRejection, type InboundHandler, type InboundMessage } from '../../commands/ingest/inboundHandler.js';
import { silentLog, type Log } from '../../commands/log.js';
import { createMissingTopics } from './createMissingTopics.js';

export type InboundConsumerOptions = Readonly<{
  kafka: Kafka;
  handler: InboundHandler;
  /** The consumer group: one per inbound topic. Default `ledgerline.ingest.<topic>`. */
  groupId?: string;
  /** Partitions handled at once: a message being retried blocks only its own partition. */
  concurrency?: number;
  backoff?: Readonly<{ initialMs: number; maxMs: number }>;
  log?: Log;
}>;

export type InboundConsumer = Readonly<{ start: () => Promise<void>; stop: () => Promise<void> }>;

/** Headers a DLQ message carries besides the original ones. */
export const dlqHeaders = { code: 'dlq-error-code', message: 'dlq-error-message', topic: 'dlq-topic', partition: 'dlq-partition', offset: 'dlq-offset' } as const;

const headersOf = (message: KafkaMessage): Record<string, string> =>
  Object.fromEntries(
    Object.entries(message.headers ?? {}).flatMap(([name, value]) => {
      const first = Array.isArray(value) ? value[0] : value;
      return first === undefined ? [] : [[name, first.toString()]];
    }),
  );

/**
 * Consumes one inbound topic in a consumer group and hands each message to the handler. A rejected
 * message goes to `<topic>.dlq` with headers naming the error and the partition moves on; any other
 * failure is retried with backoff (the offset is committed only after the handler succeeded or the
 * message was dead-lettered), so a message is handled at least once and the handler must be idempotent.
 */
export const createInboundConsumer = ({ kafka, handler, groupId = `ledgerline.ingest.${handler.topic}`, concurrency = 4, backoff = { initialMs: 200, maxMs: 10_000 }, log = silentLog }: InboundConsumerOptions): InboundConsumer => {
  const consumer = kafka.consumer({ groupId });
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const dlqTopic = `${handler.topic}.dlq`;
  const ingestLog = log.child({ topic: handler.topic, groupId });
  let stopping = false;

  const deadLetter = async (message: InboundMessage, code: string, reason: string): Promise<void> => {
    ingestLog.warn({ partition: message.partition, offset: message.offset, code, reason }, 'message rejected to the DLQ');
    await producer.send({
      topic: dlqTopic,
      acks: -1,
      messages: [{
        key: message.key,
        value: message.value,
        headers: { ...message.headers, [dlqHeaders.code]: code, [dlqHeaders.message]: reason, [dlqHeaders.topic]: message.topic, [dlqHeaders.partition]: String(message.partition), [dlqHeaders.offset]: message.offset },
      }],
    });
  };

  return {
    start: async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await createMissingTopics(admin, [handler.topic, dlqTopic]);
      } finally {
        await admin.disconnect();
      }
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topic: handler.topic, fromBeginning: true });
      await consumer.run({
        partitionsConsumedConcurrently: concurrency,
        eachMessage: async ({ topic, partition, message, heartbeat }) => {
          const inbound: InboundMessage = { topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value, headers: headersOf(message) };
          for (let delay = backoff.initialMs; ; delay = Math.min(delay * 2, backoff.maxMs)) {
            try {
              return await handler.handle(inbound);
            } catch (error) {
              const rejection = asRejection(error);
              if (rejection !== null) return deadLetter(inbound, rejection.code, rejection.message);
              if (stopping) throw error; // not committed: handled again after the restart
              ingestLog.warn({ err: error, partition, offset: message.offset, retryInMs: delay }, 'message failed; retrying');
              await new Promise((resolve) => setTimeout(resolve, delay));
              await heartbeat();
            }
          }
        },
      });
    },
    stop: async () => {
      stopping = true;
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
};
