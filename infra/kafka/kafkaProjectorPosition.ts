import type { Admin, Kafka } from 'kafkajs';
import type { Db } from '../db/db.js';
import { readProjectorOffsets } from './projectorOffsets.js';
import { readRelayCheckpoint } from './relayCheckpoint.js';

export type KafkaProjectorPositionOptions = Readonly<{
  kafka: Kafka;
  db: Db;
  /** The scale-out projector (its projection's name, as in ll_projector_offsets). */
  projector: string;
  topics: readonly string[];
  /** The relay that feeds the topics (its checkpoint name). */
  relay?: string;
}>;

export type KafkaProjectorPosition = Readonly<{
  /**
   * A log position the scale-out projector has certainly reached: every event at or before it that is on
   * its topics is applied. Moves forward only; 0 until the first time the projector is seen caught up.
   */
  position: () => Promise<number>;
  close: () => Promise<void>;
}>;

/**
 * The consistency position of a scale-out projector, whose partitions progress independently. Reads the
 * relay's checkpoint R first, then the topics' end offsets: every event up to R was acknowledged before
 * those end offsets were read, so it sits below them. When the projector's stored offsets have reached
 * every end offset, everything up to R is applied, and R is the position.
 */
export const createKafkaProjectorPosition = ({ kafka, db, projector, topics, relay = 'relay' }: KafkaProjectorPositionOptions): KafkaProjectorPosition => {
  let admin: Admin | null = null;
  let reached = 0;

  const caughtUpTo = async (): Promise<number | null> => {
    const candidate = await readRelayCheckpoint(db, relay);
    if (candidate <= reached) return null;
    if (admin === null) {
      const created = kafka.admin();
      await created.connect();
      admin = created;
    }
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const stored = await readProjectorOffsets(db, projector, topic);
      if (!ends.every(({ partition, high }) => high === '0' || BigInt(stored.get(partition) ?? '0') >= BigInt(high))) return null;
    }
    return candidate;
  };

  return {
    position: async () => {
      reached = Math.max(reached, (await caughtUpTo()) ?? 0);
      return reached;
    },
    close: async () => {
      await admin?.disconnect();
      admin = null;
    },
  };
};
