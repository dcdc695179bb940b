import path from 'node:path';
import { z } from 'zod';

/** The only module that reads process.env. Everything else receives a Config. */
const roles = ['gateway', 'projector', 'saga', 'relay', 'ingest'] as const;
export type Role = (typeof roles)[number];

const optionalUrl = (protocols: readonly string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === undefined || value === '' ? null : value))
    .refine((value) => value === null || protocols.some((p) => value.startsWith(`${p}://`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

const syncStrategy = z.enum(['LAST_WRITE_WINS', 'FIELD_MERGE', 'MANUAL']);

const int = (fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(4000, { min: 0, max: 65535 }),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  /** Connections this process may hold to DATABASE_URL: projections, sagas and the gateway share them. */
  DATABASE_POOL_MAX: int(20, { min: 2, max: 1000 }),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  KAFKA_BROKERS: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').map((b) => b.trim()).filter((b) => b !== ''))
    .refine((brokers) => brokers.every((b) => /^[\w.-]+:\d+$/.test(b)), { message: 'must be a comma-separated list of host:port' }),
  KAFKA_CLIENT_ID: z.string().trim().min(1).default('ledgerline'),
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or - (the topics are <prefix>.<context>.<category>)').default('ledgerline'),
  KAFKA_PARTITIONS: int(6, { min: 1, max: 1000 }),
  RELAY_BATCH_SIZE: int(500, { min: 1, max: 100_000 }),
  BATTALION_TOPIC: z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be a Kafka topic name').default('battalion.trades'),
  BATTALION_TENANT: z.string().trim().min(1).default('battalion'),
  KURRENTDB_URL: optionalUrl(['kurrentdb', 'esdb', 'kurrentdb+discover', 'esdb+discover']),
  EVENT_STORE: z.enum(['postgres', 'pglite', 'kurrentdb']).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ROLES: z
    .string()
    .default(roles.join(','))
    .transform((value) => value.split(',').map((r) => r.trim()).filter((r) => r !== ''))
    .pipe(z.array(z.enum(roles)).min(1)),
  CONSISTENCY_TIMEOUT_MS: int(5000, { min: 1 }),
  COMMAND_MAX_RETRIES: int(5, { min: 0, max: 100 }),
  PROJECTION_BATCH_SIZE: int(500, { min: 1, max: 100_000 }),
  RISK_MAX_TRADE_MWH: z.coerce.number().positive().default(1000),
  RISK_MAX_POSITION_MWH: z.coerce.number().positive().default(10_000),
  RISK_STOP_LOSS: z.coerce.number().min(0).max(1).default(0.02),
  AI_PROVIDER: z.enum(['local', 'openai']).default('local'),
  AI_BASE_URL: optionalUrl(['http', 'https']),
  AI_API_KEY: z.string().optional(),
  AI_CHAT_MODEL: z.string().min(1).default('gpt-4o-mini'),
  AI_EMBEDDING_MODEL: z.string().min(1).default('text-embedding-3-small'),
  AI_FALLBACK: z.enum(['local', 'none']).default('local'),
  AI_TIMEOUT_MS: int(30_000, { min: 1 }),
  AI_MAX_TRIES: int(3, { min: 1, max: 10 }),
  AI_PRICE_INPUT_PER_MTOK: z.coerce.number().min(0).default(0.15),
  AI_PRICE_OUTPUT_PER_MTOK: z.coerce.number().min(0).default(0.6),
  AI_PRICE_EMBEDDING_PER_MTOK: z.coerce.number().min(0).default(0.02),
  AI_TENANT_MONTHLY_BUDGET_USD: z.coerce.number().min(0).default(0),
  UPLOAD_MAX_BYTES: int(25 * 1024 * 1024, { min: 1 }),
  SEARCH_SEMANTIC: z.enum(['auto', 'pgvector', 'process', 'sql']).default('auto'),
  /** A mail API that takes JSON messages (served mode); without it, e-mail goes to the local mailbox read model. */
  EMAIL_HTTP_URL: optionalUrl(['http', 'https']),
  EMAIL_FROM: z.string().email('must be an e-mail address').default('ledgerline@localhost.localdomain'),
  EMAIL_API_KEY: z.string().optional(),
  /** Per entity type: `counterparty=FIELD_MERGE,price_curve=LAST_WRITE_WINS` (others get SYNC_DEFAULT_STRATEGY). */
  SYNC_STRATEGIES: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((pair) => pair.trim()).filter((pair) => pair !== '').map((pair) => pair.split('=').map((part) => part.trim())))
    .pipe(z.array(z.tuple([z.string().min(1), syncStrategy])))
    .transform((pairs) => Object.fromEntries(pairs) as Record<string, z.infer<typeof syncStrategy>>),
  SYNC_DEFAULT_STRATEGY: syncStrategy.default('MANUAL'),
  /** The execution saga's venue: none (off: fills come from the venue role), simulated (in-process), http (VENUE_URL). */
  VENUE: z.enum(['none', 'simulated', 'http']).default('none'),
  VENUE_URL: optionalUrl(['http', 'https']),
  VENUE_API_KEY: z.string().optional(),
  VENUE_TIMEOUT_MS: int(5000, { min: 1 }),
  /** The simulated venue fills at this price, in equal parts after each of these delays. */
  VENUE_SIM_PRICE: z.coerce.number().default(50),
  VENUE_SIM_FILL_DELAYS_MS: z
    .string()
    .default('500,1500')
    .transform((value) => value.split(',').map((d) => d.trim()).filter((d) => d !== '').map(Number))
    .pipe(z.array(z.number().int().min(0)).min(1)),
  /** Cancel an order without a fill for this long (since placing or the last fill); poll the venue this often. */
  EXECUTION_TIMEOUT_MS: int(30_000, { min: 1 }),
  EXECUTION_POLL_MS: int(1000, { min: 1 }),
  /** Derives each automation's webhook signing secret (default: the JWT secret). */
  WEBHOOK_SIGNING_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  WEBHOOK_TIMEOUT_MS: int(10_000, { min: 1 }),
  /** The first retry of a failed delivery waits this long, each next one twice as long (up to 5 minutes). */
  WEBHOOK_BACKOFF_MS: int(1000, { min: 1 }),
});

export type Config = Readonly<
  Omit<z.infer<typeof schema>, 'DATA_DIR'> & {
    DATA_DIR: string;
    eventStore: 'postgres' | 'pglite' | 'kurrentdb';
  }
>;

export class ConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once. Throws ConfigError naming every bad variable. */
export const loadConfig = (env: Record<string, string | undefined> = process.env, cwd: string = process.cwd()): Config => {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map(({ path: [variable, ...rest], message }) => `${String(variable)}: ${rest.length > 0 ? `item ${Number(rest[0]) + 1}: ` : ''}${message}`));
  }
  const value = parsed.data;
  const eventStore = value.EVENT_STORE ?? (value.KURRENTDB_URL ? 'kurrentdb' : value.DATABASE_URL ? 'postgres' : 'pglite');
  if (eventStore === 'postgres' && !value.DATABASE_URL) throw new ConfigError(['EVENT_STORE: postgres needs DATABASE_URL']);
  if (eventStore === 'kurrentdb' && !value.KURRENTDB_URL) throw new ConfigError(['EVENT_STORE: kurrentdb needs KURRENTDB_URL']);
  if (eventStore === 'kurrentdb') throw new ConfigError(['EVENT_STORE: the KurrentDB adapter is not built yet; unset KURRENTDB_URL (or set EVENT_STORE=postgres) to use PostgreSQL']);
  if (value.VENUE === 'http' && !value.VENUE_URL) throw new ConfigError(['VENUE: http needs VENUE_URL']);
  if (value.AI_PROVIDER === 'openai' && !value.AI_API_KEY && !value.AI_BASE_URL) throw new ConfigError(['AI_PROVIDER: openai needs AI_API_KEY (or AI_BASE_URL for a server without keys)']);
  return { ...value, DATA_DIR: path.resolve(cwd, value.DATA_DIR), eventStore };
};
