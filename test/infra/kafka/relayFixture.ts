import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import type { EventStore, NewEvent, RecordedEvent } from '../../../commands/eventStore.js';

/** Test support for the relay: trading events for many streams, and a consumer that reads a topic to the end. */
export const kafkaBrokers = (): string[] => (process.env['KAFKA_BROKERS'] ?? '').split(',').filter((b) => b !== '');

const metadata = (n: number) => ({
  tenant: n % 2 === 0 ? 'acme' : 'globex',
  actor: 'user-1',
  correlationId: `corr-${n}`,
  causationId: n % 3 === 0 ? null : `cause-${n}`,
  traceparent: n % 4 === 0 ? null : '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  schemaVersion: 1,
});

/** The events of one trade: placed, then fills, cancelled at the end when `cancel`. */
export const tradeEvents = (tradeId: string, fills: number, cancel: boolean, n = 0): NewEvent[] => {
  const base = { tradeId, accountId: 'acc-1', instrument: 'DE-BASE-2026Q1', side: 'BUY' as const };
  const placed = { type: 'TradePlaced', data: { ...base, quantityMwh: 10 * (fills + 1), limitPrice: 42.5, placedAt: '2026-01-01T00:00:00.000Z' } };
  const filled = Array.from({ length: fills }, (_, i) => ({
    type: 'TradeFilled',
    data: { ...base, fillId: `f-${i}`, quantityMwh: 10, price: 41 + i / 8, totalFilledMwh: 10 * (i + 1), complete: false, filledAt: '2026-01-01T00:00:01.000Z' },
  }));
  const cancelled = cancel ? [{ type: 'TradeCancelled', data: { tradeId, reason: n % 2 === 0 ? null : 'client request', cancelledAt: '2026-01-01T00:00:02.000Z' } }] : [];
  return [placed, ...filled, ...cancelled].map((e, i) => ({ eventId: randomUUID(), ...e, metadata: metadata(n + i) }));
};

/** Appends `streams` trades, interleaved so that streams' events mix in the global order. Returns what was recorded. */
export const appendTrades = async (store: EventStore, streams: number, fills: number): Promise<RecordedEvent[]> => {
  const trades = Array.from({ length: streams }, (_, i) => ({ id: `trade-${randomUUID()}`, events: tradeEvents(randomUUID(), fills, i % 3 === 0, i) }));
  const recorded: RecordedEvent[] = [];
  for (let step = 0; step < fills + 2; step += 1) {
    const requests = trades.filter((t) => t.events[step] !== undefined).map((t) => ({ streamId: t.id, events: [t.events[step]!], expectedVersion: step as number }));
    if (requests.length > 0) recorded.push(...(await store.appendMany(requests)).flatMap((r) => r.events));
  }
  return recorded;
};

export type Consumed = Readonly<{ partition: number; offset: string; message: KafkaMessage }>;

/** Reads `topic` from the beginning in a fresh consumer group until `count` messages arrived (then settleMs more, to see extras) or timeoutMs passed. */
export const consumeTopic = async (kafka: Kafka, topic: string, count: number, { timeoutMs = 30_000, settleMs = 0 } = {}): Promise<Consumed[]> => {
  const consumer = kafka.consumer({ groupId: `test-${randomUUID()}` });
  const consumed: Consumed[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          consumed.push({ partition, offset: message.offset, message });
          if (consumed.length === count) (clearTimeout(timer), setTimeout(resolve, settleMs));
        },
      });
    });
    return consumed;
  } finally {
    await consumer.disconnect();
  }
};
