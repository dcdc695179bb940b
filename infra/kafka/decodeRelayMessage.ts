import type { KafkaMessage } from 'kafkajs';
import type { AvroSerializer } from '../avro/avroSerializer.js';
import { relayHeaders } from './relayMessage.js';

/** A relayed event as a consumer sees it: the envelope from the headers, the payload decoded from Avro. */
export type RelayedEvent = Readonly<{
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamVersion: number;
  position: number;
  recordedAt: string;
  tenant: string;
  actor: string;
  correlationId: string;
  causationId: string | null;
  traceparent: string | null;
  data: Record<string, unknown>;
}>;

export class RelayMessageError extends Error {
  readonly code = 'RELAY_MESSAGE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'RelayMessageError';
  }
}

const header = (message: KafkaMessage, name: string): string | null => {
  const value = message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? null : first.toString();
};

const required = (message: KafkaMessage, name: string): string => {
  const value = header(message, name);
  if (value === null) throw new RelayMessageError(`header ${name} is missing`);
  return value;
};

/** Decodes a message written by the relay (payload read as the latest schema version of its event type). */
export const decodeRelayMessage = (message: KafkaMessage, serializer: AvroSerializer): RelayedEvent => {
  const type = required(message, relayHeaders.eventType);
  const schemaVersion = Number(required(message, relayHeaders.schemaVersion));
  if (message.value === null) throw new RelayMessageError(`${type}: the message has no value`);
  return {
    eventId: required(message, relayHeaders.eventId),
    type,
    schemaVersion,
    streamId: required(message, relayHeaders.streamId),
    streamVersion: Number(required(message, relayHeaders.streamVersion)),
    position: Number(required(message, relayHeaders.position)),
    recordedAt: required(message, relayHeaders.recordedAt),
    tenant: required(message, relayHeaders.tenant),
    actor: required(message, relayHeaders.actor),
    correlationId: required(message, relayHeaders.correlationId),
    causationId: header(message, relayHeaders.causationId),
    traceparent: header(message, relayHeaders.traceparent),
    data: serializer.decode(type, schemaVersion, message.value),
  };
};
