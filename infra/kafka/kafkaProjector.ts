import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { RecordedEvent } from '../../commands/eventStore.js';
import { silentLog, type Log } from '../../commands/log.js';
import type { Projection } from '../../projections/projection.js';
import { newEvents } from '../../projections/scaleOut/newEvents.js';
import { createAvroSerializer, type AvroSerializer } from '../avro/avroSerializer.js';
import type { Db } from '../db/db.js';
import { decodeRelayMessage, type RelayedEvent } from './decodeRelayMessage.js';
import { lockProjectorOffset, readProjectorOffsets, readStreamVersions, saveProjectorOffset, saveStreamVersions } from './projectorOffsets.js';

export type KafkaProjectorOptions = Readonly<{
  kafka: Kafka;
  db: Db;
  projection: Projection;
  /** The relay's topics holding the projection's events, e.g. `ledgerline.trading.trade`. */
  topics: readonly string[];
  /** Every instance with this group shares the partitions. Default `ledgerline.projector.<projection>`. */
  groupId?: string;
  serializer?: AvroSerializer;
  log?: Log;
  /** How soon the group notices a member that died (the broker's minimum is 6000 by default). */
  sessionTimeoutMs?: number;
  /** Called after each committed batch (tests and metrics: which instance did what). */
  onBatch?: (batch: BatchOutcome) => void;
  /** Called when the group gave this member its partitions (topic → partitions). */
  onAssigned?: (assigned: Readonly<Record<string, readonly number[]>>) => void;
}>;

export type BatchOutcome = Readonly<{ topic: string; partition: number; applied: number; skipped: number; nextOffset: string }>;

export type KafkaProjector = Readonly<{
  start: () => Promise<void>;
  /** Leaves the group after the batch in flight (its partitions go to the other instances). */
  stop: () => Promise<void>;
}>;

const asRecorded = (event: RelayedEvent): RecordedEvent => ({
  eventId: event.eventId,
  type: event.type,
  streamId: event.streamId,
  version: event.streamVersion,
  position: event.position,
  recordedAt: event.recordedAt,
  data: event.data,
  metadata: {
    tenant: event.tenant, actor: event.actor, correlationId: event.correlationId, causationId: event.causationId,
    traceparent: event.traceparent, schemaVersion: event.schemaVersion,
  },
});

/**
 * A projection fed from the relay's Kafka topics in a consumer group, so its work spreads over processes
 * (one stream's events are in one partition, so a per-stream read model like `trades` needs nothing
 * else). Each batch is one partition's messages; it is applied in one transaction that first locks the
 * partition's row in ll_projector_offsets, drops what that row says was applied (and, by stream version,
 * relay redeliveries), applies the rest, and stores the next offset. The Kafka offset is committed only
 * after that, and a member seeks to the stored offsets when partitions are assigned: each event's effect
 * is applied once, across rebalances and crashes.
 */
export const createKafkaProjector = ({
  kafka, db, projection, topics, groupId = `ledgerline.projector.${projection.name}`, serializer = createAvroSerializer(), log = silentLog,
  sessionTimeoutMs = 10_000, onBatch, onAssigned,
}: KafkaProjectorOptions): KafkaProjector => {
  const name = projection.name;
  const handles = new Set(projection.eventTypes);
  const projectorLog = log.child({ projector: name, groupId });
  let consumer: Consumer | null = null;

  const seekToStored = async (assigned: Readonly<Record<string, readonly number[]>>): Promise<void> => {
    for (const [topic, partitions] of Object.entries(assigned)) {
      const stored = await readProjectorOffsets(db, name, topic);
      for (const partition of partitions) {
        const offset = stored.get(partition);
        if (offset !== undefined) consumer?.seek({ topic, partition, offset });
      }
    }
  };

  const applyBatch = async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isStale }: EachBatchPayload): Promise<void> => {
    const { topic, partition, messages } = batch;
    const lastMessage = messages.at(-1);
    if (lastMessage === undefined || isStale()) return;
    const decoded = messages.map((message) => ({ offset: BigInt(message.offset), event: asRecorded(decodeRelayMessage(message, serializer)) }));
    const nextOffset = BigInt(lastMessage.offset) + 1n;
    const outcome = await db.transaction(async (tx) => {
      const stored = await lockProjectorOffset(tx, name, topic, partition);
      const unseen = decoded.filter(({ offset }) => offset >= stored).map(({ event }) => event);
      if (unseen.length === 0) return { applied: 0, skipped: decoded.length, next: stored };
      if (decoded[0]!.offset > stored && stored > 0n) projectorLog.warn({ topic, partition, stored: String(stored), first: String(decoded[0]!.offset) }, 'offsets missing between the stored offset and this batch');
      const { events, versions } = newEvents(unseen, await readStreamVersions(tx, name, [...new Set(unseen.map((e) => e.streamId))]));
      const relevant = events.filter((event) => handles.has(event.type));
      if (relevant.length > 0) await projection.apply(tx, relevant);
      await saveStreamVersions(tx, name, versions);
      await saveProjectorOffset(tx, name, topic, partition, nextOffset);
      return { applied: relevant.length, skipped: decoded.length - events.length, next: nextOffset };
    });
    resolveOffset(lastMessage.offset);
    await commitOffsetsIfNecessary();
    await heartbeat();
    onBatch?.({ topic, partition, applied: outcome.applied, skipped: outcome.skipped, nextOffset: String(outcome.next) });
  };

  return {
    start: async () => {
      if (consumer !== null) return;
      const created = kafka.consumer({ groupId, sessionTimeout: sessionTimeoutMs, heartbeatInterval: Math.max(500, Math.floor(sessionTimeoutMs / 5)) });
      consumer = created;
      created.on(created.events.GROUP_JOIN, ({ payload }) => {
        projectorLog.info({ assigned: payload.memberAssignment }, 'partitions assigned');
        onAssigned?.(payload.memberAssignment);
        seekToStored(payload.memberAssignment).catch((error) => projectorLog.warn({ err: error }, 'could not seek to the stored offsets (the stored offsets still decide what is applied)'));
      });
      await created.connect();
      for (const topic of topics) await created.subscribe({ topic, fromBeginning: true });
      await created.run({ eachBatchAutoResolve: false, partitionsConsumedConcurrently: 2, eachBatch: applyBatch });
    },
    stop: async () => {
      const current = consumer;
      consumer = null;
      await current?.disconnect();
    },
  };
};
