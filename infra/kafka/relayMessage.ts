import { streamCategory, type RecordedEvent } from '../../commands/eventStore.js';
import type { AvroSerializer } from '../avro/avroSerializer.js';

/** The Kafka headers the relay sets on every message (see infra/kafka/README.md). */
export const relayHeaders = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  streamId: 'stream-id',
  streamVersion: 'stream-version',
  position: 'position',
  recordedAt: 'recorded-at',
  tenant: 'tenant',
  actor: 'actor',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  traceparent: 'traceparent',
  contentType: 'content-type',
} as const;

export const AVRO_CONTENT_TYPE = 'application/avro';

export type RelayMessage = Readonly<{ topic: string; key: string; value: Buffer; headers: Readonly<Record<string, string>> }>;

/** `ledgerline` + `trading` + `trade` → `ledgerline.trading.trade`. */
export const relayTopic = (prefix: string, context: string, category: string): string => `${prefix}.${context}.${category}`;

/** One event as one Kafka message: topic per category, key = stream id, value = Avro payload, envelope in headers. */
export const toRelayMessage = (event: RecordedEvent, serializer: AvroSerializer, topicPrefix: string): RelayMessage => {
  const { context, version, value } = serializer.encode(event.type, event.data);
  const { metadata } = event;
  const headers: Record<string, string> = {
    [relayHeaders.eventId]: event.eventId,
    [relayHeaders.eventType]: event.type,
    [relayHeaders.schemaVersion]: String(version),
    [relayHeaders.streamId]: event.streamId,
    [relayHeaders.streamVersion]: String(event.version),
    [relayHeaders.position]: String(event.position),
    [relayHeaders.recordedAt]: event.recordedAt,
    [relayHeaders.tenant]: metadata.tenant,
    [relayHeaders.actor]: metadata.actor,
    [relayHeaders.correlationId]: metadata.correlationId,
    [relayHeaders.contentType]: AVRO_CONTENT_TYPE,
  };
  if (metadata.causationId !== null) headers[relayHeaders.causationId] = metadata.causationId;
  if (metadata.traceparent !== null) headers[relayHeaders.traceparent] = metadata.traceparent;
  return { topic: relayTopic(topicPrefix, context, streamCategory(event.streamId)), key: event.streamId, value, headers };
};
