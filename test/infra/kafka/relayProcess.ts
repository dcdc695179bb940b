/**
 * A relay in a process of its own, for the crash test: `tsx relayProcess.ts <databaseUrl> <brokers> <topicPrefix> <name>`.
 * Runs until killed.
 */
import { connectPostgres } from '../../../infra/db/db.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { createKafkaClient } from '../../../infra/kafka/kafkaClient.js';
import { createRelay } from '../../../infra/kafka/relay.js';
import { silentLog } from '../../../commands/log.js';

const [connectionString, brokers, topicPrefix, name] = process.argv.slice(2);
if (!connectionString || !brokers || !topicPrefix || !name) throw new Error('usage: relayProcess.ts <databaseUrl> <brokers> <topicPrefix> <name>');
const db = connectPostgres({ connectionString, max: 2 });
const store = createPostgresEventStore(db);
const kafka = createKafkaClient({ brokers: brokers.split(','), clientId: 'relay-process', log: silentLog });
await createRelay({ store, db, kafka, topicPrefix, name, partitions: 3, batchSize: 20, idleWaitMs: 100 }).start();
process.stdout.write('relay started\n');
