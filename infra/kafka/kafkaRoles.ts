import type { EventStore } from '../../commands/eventStore.js';
import { createBattalionTradesHandler } from '../../commands/ingest/battalionTrades.js';
import type { Log } from '../../commands/log.js';
import type { TradingCommands } from '../../commands/trading/tradingCommands.js';
import type { Config } from '../config.js';
import type { Db } from '../db/db.js';
import { createInboundConsumer } from './inboundConsumer.js';
import { createKafkaClient } from './kafkaClient.js';
import { createRelay, type Relay } from './relay.js';

export type KafkaRolesOptions = Readonly<{ config: Config; db: Db; store: EventStore; trading: TradingCommands; log: Log }>;

export type KafkaRoles = Readonly<{
  /** The relay when this process runs the `relay` role with KAFKA_BROKERS set, else null. */
  relay: Relay | null;
  /** Stops the inbound consumers, then the relay (after its batch in flight). */
  stop: () => Promise<void>;
}>;

/**
 * The Kafka roles of config.ROLES: `relay` (the log to `<KAFKA_TOPIC_PREFIX>.<context>.<category>`) and
 * `ingest` (the `battalion.trades` mapping, for the tenant BATTALION_TENANT). Without KAFKA_BROKERS
 * neither runs: the embedded default has no broker.
 */
export const startKafkaRoles = async ({ config, db, store, trading, log }: KafkaRolesOptions): Promise<KafkaRoles> => {
  const wantRelay = config.ROLES.includes('relay');
  const wantIngest = config.ROLES.includes('ingest');
  if (config.KAFKA_BROKERS.length === 0 || (!wantRelay && !wantIngest)) return { relay: null, stop: async () => undefined };
  const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, log });
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const next of stops.splice(0).reverse()) await next().catch((error) => log.error({ err: error }, 'error while stopping a Kafka role'));
  };
  try {
    let relay: Relay | null = null;
    if (wantRelay) {
      const created = createRelay({ store, db, kafka, log, topicPrefix: config.KAFKA_TOPIC_PREFIX, partitions: config.KAFKA_PARTITIONS, batchSize: config.RELAY_BATCH_SIZE });
      stops.push(() => created.stop());
      await created.start();
      relay = created;
    }
    if (wantIngest) {
      const handler = createBattalionTradesHandler({ trading, tenant: config.BATTALION_TENANT, topic: config.BATTALION_TOPIC });
      const consumer = createInboundConsumer({ kafka, handler, log });
      stops.push(() => consumer.stop());
      await consumer.start();
    }
    log.info({ brokers: config.KAFKA_BROKERS, relay: wantRelay, ingest: wantIngest ? [config.BATTALION_TOPIC] : [] }, 'kafka roles started');
    return { relay, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
