import type { Redis } from 'ioredis';
import type { EventStore } from '../commands/eventStore.js';
import type { Relay } from '../infra/kafka/relay.js';
import type { Sql } from '../infra/db/db.js';
import type { ProjectionRuntime } from '../projections/runtime.js';
import type { DependencyCheck } from './health.js';
import type { Gauge } from './metrics.js';

export type Probes = Readonly<{ db: Sql; redis: Pick<Redis, 'ping'> | null; store: Pick<EventStore, 'headPosition'>; runtime: Pick<ProjectionRuntime, 'position'>; relay?: Pick<Relay, 'status'> | null }>;

/** /health/ready: the database answers, Redis answers (when configured), and how far the projections lag. */
export const systemChecks = ({ db, redis, store, runtime, relay = null }: Probes): DependencyCheck[] => [
  { name: 'database', check: async () => void (await db.query('SELECT 1')) },
  ...(redis === null ? [] : [{ name: 'redis', check: async () => void (await redis.ping()) }]),
  {
    name: 'projections',
    check: async () => {
      const head = await store.headPosition();
      const position = runtime.position();
      return { position, head, lag: Math.max(0, head - position) };
    },
  },
  // Details only: a relay that stopped (another one took its checkpoint) or waits for the broker does not
  // stop this process from serving; ledgerline_relay_up and the lag gauges are for alerting.
  ...(relay === null ? [] : [{ name: 'relay', check: async () => ({ ...(await relay.status()) }) }]),
];

export const systemGauges = ({ store, runtime, relay = null }: Probes): Gauge[] => [
  { name: 'ledgerline_log_head_position', help: 'Position of the last event in the log.', value: () => store.headPosition() },
  { name: 'ledgerline_projections_position', help: 'Log position every projection has reached.', value: () => runtime.position() },
  {
    name: 'ledgerline_projections_lag_events',
    help: 'Events between the head of the log and the projections.',
    value: async () => Math.max(0, (await store.headPosition()) - runtime.position()),
  },
  ...(relay === null ? [] : relayGauges(relay)),
];

const relayGauges = (relay: Pick<Relay, 'status'>): Gauge[] => [
  { name: 'ledgerline_relay_position', help: 'Log position of the last event Kafka acknowledged.', value: async () => (await relay.status()).position },
  { name: 'ledgerline_relay_lag_events', help: 'Events between the head of the log and the relay.', value: async () => (await relay.status()).lagEvents },
  { name: 'ledgerline_relay_lag_seconds', help: 'Age of the oldest event not yet acknowledged by Kafka (0 when caught up).', value: async () => (await relay.status()).lagSeconds },
  { name: 'ledgerline_relay_up', help: '1 while the relay runs.', value: async () => ((await relay.status()).running ? 1 : 0) },
];
