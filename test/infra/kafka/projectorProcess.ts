/**
 * A scale-out `trades` projector in a process of its own, for the failover test:
 * `tsx projectorProcess.ts <databaseUrl> <brokers> <topic> <groupId>`. Prints one JSON line per
 * assignment and per committed batch; runs until killed.
 */
import { silentLog } from '../../../commands/log.js';
import { connectPostgres } from '../../../infra/db/db.js';
import { createKafkaClient } from '../../../infra/kafka/kafkaClient.js';
import { createKafkaProjector } from '../../../infra/kafka/kafkaProjector.js';
import { tradesProjection } from '../../../projections/trades.js';

const [connectionString, brokers, topic, groupId] = process.argv.slice(2);
if (!connectionString || !brokers || !topic || !groupId) throw new Error('usage: projectorProcess.ts <databaseUrl> <brokers> <topic> <groupId>');
const db = connectPostgres({ connectionString, max: 3 });
const kafka = createKafkaClient({ brokers: brokers.split(','), clientId: 'projector-process', log: silentLog });
const write = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
await createKafkaProjector({
  kafka, db, projection: tradesProjection, topics: [topic], groupId, sessionTimeoutMs: 6000,
  onAssigned: (assigned) => write({ assigned: assigned[topic] ?? [] }),
  onBatch: (batch) => write({ batch }),
}).start();
write({ started: true });
