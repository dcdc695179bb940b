import type { Redis } from 'ioredis';
import type { EventStore } from '../commands/eventStore.js';
import type { Sql } from '../infra/db/db.js';
import type { ProjectionRuntime } from '../projections/runtime.js';
import type { DependencyCheck } from './health.js';
import type { Gauge } from './metrics.js';

export type Probes = Readonly<{ db: Sql; redis: Pick<Redis, 'ping'> | null; store: Pick<EventStore, 'headPosition'>; runtime: Pick<ProjectionRuntime, 'position'> }>;

/** /health/ready: the database answers, Redis answers (when configured), and how far the projections lag. */
export const systemChecks = ({ db, redis, store, runtime }: Probes): DependencyCheck[] => [
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
];

export const systemGauges = ({ store, runtime }: Probes): Gauge[] => [
  { name: 'ledgerline_log_head_position', help: 'Position of the last event in the log.', value: () => store.headPosition() },
  { name: 'ledgerline_projections_position', help: 'Log position every projection has reached.', value: () => runtime.position() },
  {
    name: 'ledgerline_projections_lag_events',
    help: 'Events between the head of the log and the projections.',
    value: async () => Math.max(0, (await store.headPosition()) - runtime.position()),
  },
];
