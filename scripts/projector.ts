/**
 * npm run projector: a scale-out projector. Runs the `trades` read model from the relay's Kafka topic in
 * a consumer group, so several processes share the partitions; each stores its consumed offsets in the
 * read model's transaction (each event applied once, across rebalances and crashes).
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 DATABASE_URL=postgres://…/analytics npm run projector
 *
 * Start as many as there are partitions to spread; stop with SIGTERM or SIGINT. Point it at a database
 * whose `trades` table no store-fed runtime writes (e.g. an analysts' replica): the gateway's own read
 * models follow log order and stay on the store's feed.
 */
import { ConfigError, loadConfig } from '../infra/config.js';
import { connectPostgres } from '../infra/db/db.js';
import { migrate } from '../infra/db/migrate.js';
import { createKafkaClient } from '../infra/kafka/kafkaClient.js';
import { createMissingTopics } from '../infra/kafka/createMissingTopics.js';
import { createKafkaProjector } from '../infra/kafka/kafkaProjector.js';
import { relayTopic } from '../infra/kafka/relayMessage.js';
import { createLogger } from '../infra/logger.js';
import { tradesProjection } from '../projections/trades.js';

try {
  const config = loadConfig();
  if (config.KAFKA_BROKERS.length === 0) throw new ConfigError(['KAFKA_BROKERS: the scale-out projector reads Kafka; set host:port,…']);
  if (config.DATABASE_URL === null) throw new ConfigError(['DATABASE_URL: the scale-out projector writes to PostgreSQL; set postgres://…']);
  const log = createLogger(config);
  const db = connectPostgres({ connectionString: config.DATABASE_URL, max: 4, applicationName: 'ledgerline-projector' });
  await migrate(db);
  const topic = relayTopic(config.KAFKA_TOPIC_PREFIX, 'trading', 'trade');
  const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-projector`, log });
  const admin = kafka.admin();
  await admin.connect();
  await createMissingTopics(admin, [topic], config.KAFKA_PARTITIONS); // the relay creates it too, with the same count
  await admin.disconnect();
  const projector = createKafkaProjector({ kafka, db, projection: tradesProjection, topics: [topic], log });
  await projector.start();
  log.info({ topic, projection: tradesProjection.name }, 'scale-out projector started');
  const stop = async () => {
    await projector.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
