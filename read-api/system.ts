import path from 'node:path';
import type { Redis } from 'ioredis';
import type { EventStore } from '../commands/eventStore.js';
import { createTradingCommands, type TradingCommands } from '../commands/trading/tradingCommands.js';
import { developmentSecret } from '../infra/auth/developmentSecret.js';
import { ConfigError, type Config } from '../infra/config.js';
import { connectPglite, connectPostgres, type Db } from '../infra/db/db.js';
import { migrate } from '../infra/db/migrate.js';
import { createPostgresEventStore } from '../infra/eventStore/postgresEventStore.js';
import { createLogger, type Logger } from '../infra/logger.js';
import { connectRedis } from '../infra/redis/connectRedis.js';
import { createRedisHotPositions } from '../infra/redis/redisHotPositions.js';
import { createRedisChangeFeed } from '../infra/redis/redisChangeFeed.js';
import { followProjections } from '../projections/followProjections.js';
import { createInProcessChangeFeed, type ChangeFeed } from '../projections/changeFeed.js';
import type { HotPositions } from '../projections/hotPositions.js';
import { createInProcessHotPositions } from '../projections/inProcessHotPositions.js';
import { positionsProjection } from '../projections/positions.js';
import { createProjectionRuntime, type ProjectionRuntime } from '../projections/runtime.js';
import { tradesProjection } from '../projections/trades.js';
import { createGraphQLGateway } from './graphqlGateway.js';
import { createServer, type Server } from './server.js';
import { prometheusText } from './metrics.js';
import { bindReadModels } from './readModels.js';
import { createAlertCommands } from '../commands/alerts/alertCommands.js';
import { createIdentityCommands } from '../commands/identity/identityCommands.js';
import { createHttpEmail } from '../infra/email/httpEmail.js';
import { createLocalMailbox } from '../infra/email/localMailbox.js';
import { alertsProjection } from '../projections/alerts/alertsProjection.js';
import { usersProjection } from '../projections/identity/usersProjection.js';
import type { Clock } from '../sagas/clock.js';
import { createPlatformSagas } from '../sagas/platformSagas.js';
import { sagasProjection } from '../sagas/sagaProjection.js';
import { bindContextServices } from './schema/sagas/contextServices.js';
import { startHotAlerts } from './schema/alerts/startHotAlerts.js';
import { systemChecks, systemGauges } from './systemProbes.js';
import { createSyncCommands } from '../commands/sync/syncCommands.js';
import { syncProjection } from '../projections/sync/syncProjection.js';
import { bindSyncServices } from './schema/sync/syncServices.js';
import { venueFromConfig } from '../infra/venue/venueFromConfig.js';
import { createExecutionSaga } from '../sagas/execution/executionSaga.js';
import { createExecutionHandlers } from '../sagas/execution/executionHandlers.js';
import { accountExposureFromTrades } from '../sagas/execution/accountExposure.js';
import { createAutomationCommands } from '../commands/automations/automationCommands.js';
import { automationsProjection } from '../projections/automations/automationsProjection.js';
import { createAutomationDispatcher } from '../sagas/automations/automationDispatcher.js';
import { replayParked } from '../sagas/automations/deliveryWork.js';
import { createWebhookSender } from '../infra/webhooks/webhookSender.js';
import { webhookSecret } from '../infra/webhooks/webhookSignature.js';
import { bindAutomationServices } from './schema/automations/automationServices.js';
import { startKafkaRoles } from '../infra/kafka/kafkaRoles.js';
import type { Relay } from '../infra/kafka/relay.js';
import { searchProjection } from '../projections/search/searchProjection.js';
import { createDocumentServices } from './schema/documents/documentServices.js';
import { semanticSearchFromConfig } from './schema/documents/semanticSearchFromConfig.js';
import { registerDocumentRoutes } from './schema/documents/documentRoutes.js';
import { aiProviderFromConfig } from '../infra/ai/aiProviderFromConfig.js';
import { createLocalBlobStore } from '../infra/blob/localBlobStore.js';
import { createTextExtractor } from '../commands/documents/createTextExtractor.js';
import { pdfText } from '../infra/documents/pdfText.js';
import { monthlyAiBudget } from '../projections/search/aiUsageQueries.js';
import { waitForCheckpoint } from '../projections/waitForCheckpoint.js';
import { createDocumentSagas } from '../sagas/documents/documentSagas.js';

export type SystemOptions = Readonly<{
  logger?: Logger;
  /** Use this database (tests: createTestDb) instead of DATABASE_URL / DATA_DIR/pglite; it is migrated too, and not closed. */
  db?: Db;
  /** Overrides JWT_SECRET (and the development secret in DATA_DIR). */
  jwtSecret?: string;
  /** Prefix of the Redis keys (hot positions); tests give their own. */
  redisPrefix?: string;
  /** Listen on this port instead of PORT (0: any free port). */
  port?: number;
  /** The sagas' clock (tests move it to fire timers). */
  sagaClock?: Clock;
}>;

export type System = Readonly<{
  config: Config;
  logger: Logger;
  db: Db;
  store: EventStore;
  feed: ChangeFeed;
  trading: TradingCommands;
  runtime: ProjectionRuntime | null;
  /** The Kafka relay when this process runs the `relay` role and KAFKA_BROKERS is set, else null. */
  relay: Relay | null;
  /** Migrations applied at this start. */
  migrations: readonly string[];
  /** The base URL (http://host:port) when the gateway role runs, else null. */
  url: string | null;
  port: number | null;
  server: Server | null;
  jwtSecret: string | null;
  /** Whether the development secret was created at this start. */
  createdDevelopmentSecret: boolean;
  close: () => Promise<void>;
}>;

/** Every read model, in the order the runtime starts them. */
const PROJECTIONS = [tradesProjection, positionsProjection, usersProjection, alertsProjection, sagasProjection, searchProjection, syncProjection, automationsProjection];

type ProjectedPositions = Pick<ProjectionRuntime, 'position' | 'waitFor'>;

const redisChangeFeed = async (redis: Redis, prefix: string, log: Logger, cleanups: (() => Promise<unknown>)[]): Promise<ChangeFeed> => {
  const feed = createRedisChangeFeed({ redis, prefix, log });
  cleanups.push(() => feed.close());
  await feed.ready;
  return feed;
};

/** How long the processing saga's index step waits for the search read model. */
const INDEX_TIMEOUT_MS = 60_000;

/** The database of config: PostgreSQL at DATABASE_URL, else PGlite in DATA_DIR/pglite. */
export const openDatabase = async (config: Config): Promise<Db> =>
  config.DATABASE_URL
    ? connectPostgres({ connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_MAX, applicationName: 'ledgerline' })
    : connectPglite({ dataDir: path.join(config.DATA_DIR, 'pglite') });

const resolveSecret = (config: Config, override: string | undefined): { secret: string; created: boolean } => {
  if (override !== undefined) return { secret: override, created: false };
  if (config.JWT_SECRET !== undefined) return { secret: config.JWT_SECRET, created: false };
  if (config.NODE_ENV === 'production') throw new ConfigError(['JWT_SECRET: required when NODE_ENV=production']);
  return developmentSecret(config.DATA_DIR);
};

/**
 * The composition root: one process with the roles of config.ROLES. The database is migrated before
 * anything else touches it; then the event store, the trading commands, the projections (role
 * `projector`, with the hot positions in Redis when REDIS_URL is set) and the gateway (role `gateway`).
 */
export const startSystem = async (config: Config, options: SystemOptions = {}): Promise<System> => {
  const logger = options.logger ?? createLogger(config);
  const gateway = config.ROLES.includes('gateway');
  const projector = config.ROLES.includes('projector');
  const secret = gateway ? resolveSecret(config, options.jwtSecret) : null;
  const signingKey = config.WEBHOOK_SIGNING_KEY ?? secret?.secret ?? config.JWT_SECRET ?? null;

  const db = options.db ?? (await openDatabase(config));
  const cleanups: (() => Promise<unknown>)[] = options.db ? [] : [() => db.close()];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error) => logger.error({ err: error }, 'error while stopping'));
  };
  try {
    const migrations = await migrate(db);
    if (migrations.length > 0) logger.info({ migrations }, 'migrations applied');

    const store = createPostgresEventStore(db, { log: logger });
    cleanups.push(() => store.close());
    const trading = createTradingCommands({
      store,
      maxRetries: config.COMMAND_MAX_RETRIES,
      riskLimits: () => ({ maxTradeMwh: config.RISK_MAX_TRADE_MWH }),
      log: logger,
    });
    const identity = createIdentityCommands({ store, log: logger });
    const alerts = createAlertCommands({ store, log: logger });
    const automations = createAutomationCommands({ store, log: logger });
    const sync = createSyncCommands({ store, log: logger, strategies: (_tenant, entityType) => config.SYNC_STRATEGIES[entityType] ?? config.SYNC_DEFAULT_STRATEGY });

    let redis: Redis | null = null;
    if (config.REDIS_URL) {
      const client = connectRedis(config.REDIS_URL);
      redis = client;
      cleanups.push(() => client.quit());
    }
    if (gateway && !projector && (db.kind !== 'postgres' || redis === null)) {
      throw new ConfigError(['ROLES: a gateway without the projector role serves what another process projects: it needs DATABASE_URL (the shared database) and REDIS_URL (the change feed and the hot read models)']);
    }
    const hot: HotPositions = redis ? createRedisHotPositions({ redis, prefix: options.redisPrefix ?? 'll:' }) : createInProcessHotPositions();
    // With Redis the change feed reaches the gateways of other processes too.
    const feed: ChangeFeed = redis ? await redisChangeFeed(redis, options.redisPrefix ?? 'll:', logger, cleanups) : createInProcessChangeFeed();

    let runtime: ProjectionRuntime | null = null;
    if (projector) {
      const started = createProjectionRuntime({ db, store, feed, projections: PROJECTIONS, batchSize: config.PROJECTION_BATCH_SIZE, log: logger, hot });
      await started.start();
      cleanups.push(() => started.stop());
      runtime = started;
    }
    // What the gateway reads: this process's projections, or those another process runs (followed).
    let reads: ProjectedPositions | null = runtime;
    if (gateway && runtime === null) {
      const followed = followProjections({ sql: db, feed, names: PROJECTIONS.map((projection) => projection.name) });
      await followed.start();
      cleanups.push(() => followed.stop());
      reads = followed;
    }
    // Open alerts hot in Redis when there is one (PostgreSQL serves them otherwise).
    const hotAlerts = redis && runtime ? await startHotAlerts({ redis, prefix: options.redisPrefix ?? 'll:', sql: db, feed, projectionPosition: () => runtime.position(['alerts']), log: logger }) : null;
    if (hotAlerts) cleanups.push(hotAlerts.stop);

    // Documents: the bytes in DATA_DIR/blobs, one AI provider for the processing saga and the gateway's semantic queries.
    const blobs = createLocalBlobStore(path.join(config.DATA_DIR, 'blobs'));
    const ai = aiProviderFromConfig(config, logger.child({ component: 'ai' }));
    const aiBudget = monthlyAiBudget(db, config.AI_TENANT_MONTHLY_BUDGET_USD);

    if (config.ROLES.includes('saga')) {
      // The local mailbox is the e-mail port unless an HTTP mail API is configured.
      const email = config.EMAIL_HTTP_URL
        ? createHttpEmail({ url: config.EMAIL_HTTP_URL, from: config.EMAIL_FROM, apiKey: config.EMAIL_API_KEY ?? null })
        : createLocalMailbox({ sql: db });
      // Trade execution (VENUE=simulated|http): TradePlaced → risk check → venue → fills, on the same runtime.
      const sagaNow = () => (options.sagaClock ?? { now: () => new Date() }).now();
      const venue = venueFromConfig(config, sagaNow);
      const execution = venue === null ? undefined : {
        sagas: [createExecutionSaga({ timeoutMs: config.EXECUTION_TIMEOUT_MS, pollMs: config.EXECUTION_POLL_MS })],
        handlers: createExecutionHandlers({
          trading, venue, exposure: accountExposureFromTrades(db), maxPositionMwh: () => config.RISK_MAX_POSITION_MWH,
          ...(runtime ? { catchUp: async () => runtime.waitFor(await store.headPosition(), { timeoutMs: config.CONSISTENCY_TIMEOUT_MS, projections: ['trades'] }) } : {}),
        }),
      };
      const sagas = createPlatformSagas({ db, store, identity, alerts, email, log: logger, ...(options.sagaClock ? { clock: options.sagaClock } : {}), ...(execution ? { extra: execution } : {}) });
      await sagas.start();
      cleanups.push(() => sagas.stop());
      // Document processing: DocumentUploaded → extract → enrich → index, on a runtime of its own.
      const documentSagas = createDocumentSagas({
        db, store, log: logger, ...(options.sagaClock ? { clock: options.sagaClock } : {}),
        deps: {
          store, blobs, ai,
          extractText: createTextExtractor({ pdf: (bytes) => pdfText(bytes) }),
          budget: aiBudget,
          waitForIndex: (position) => (runtime
            ? runtime.waitFor(position, { timeoutMs: INDEX_TIMEOUT_MS, projections: ['search'] })
            : waitForCheckpoint(db, 'search', position, { timeoutMs: INDEX_TIMEOUT_MS })),
        },
      });
      await documentSagas.start();
      cleanups.push(() => documentSagas.stop());
      // Automations: webhooks signed with a secret derived from the signing key; none without a key.
      if (signingKey !== null) {
        const dispatcher = createAutomationDispatcher({
          db, store, log: logger, ...(options.sagaClock ? { clock: options.sagaClock } : {}),
          send: createWebhookSender({ timeoutMs: config.WEBHOOK_TIMEOUT_MS }),
          secretOf: (tenant, id) => webhookSecret(signingKey, tenant, id),
          commands: { raiseAlert: (input, context) => alerts.raiseAlert(input, context) },
          automationsPosition: async () => (runtime ? runtime.position(['automations']) : Number((await db.query<{ position: string }>(`SELECT position FROM ll_checkpoints WHERE name = 'automations'`)).rows[0]?.position ?? 0)),
          backoff: { baseDelayMs: config.WEBHOOK_BACKOFF_MS, factor: 2, maxDelayMs: 5 * 60_000 },
        });
        dispatcher.start();
        cleanups.push(() => dispatcher.stop());
      } else logger.warn('automations are off: set WEBHOOK_SIGNING_KEY or JWT_SECRET');
    }

    // Roles `relay` and `ingest`: only with KAFKA_BROKERS (the embedded default has no broker).
    const kafkaRoles = await startKafkaRoles({ config, db, store, trading, log: logger });
    cleanups.push(() => kafkaRoles.stop());
    const { relay } = kafkaRoles;

    let server: Server | null = null;
    let url: string | null = null;
    if (gateway && reads !== null && secret !== null) {
      const semantic = await semanticSearchFromConfig(config, db, logger);
      const documents = createDocumentServices({ sql: db, store, runtime: reads, ai, budget: aiBudget, blobs, semantic: semantic.search, maxUploadBytes: config.UPLOAD_MAX_BYTES, log: logger });
      const services = {
        readModels: bindReadModels({ sql: db, hot }),
        events: store,
        trading,
        consistency: reads,
        changes: feed,
        consistencyTimeoutMs: config.CONSISTENCY_TIMEOUT_MS,
        ...bindContextServices({ sql: db, identity, alerts, hotAlerts: hotAlerts?.reads ?? null }),
        documents,
        sync: bindSyncServices({ sql: db, store, sync }),
        ...(signingKey === null ? {} : {
          automations: bindAutomationServices({ sql: db, automations, replay: (q) => replayParked(db, { ...q, now: new Date() }), secretOf: (tenant, id) => webhookSecret(signingKey, tenant, id) }),
        }),
      };
      const yoga = createGraphQLGateway({ services, jwtSecret: secret.secret, log: logger, graphiql: config.NODE_ENV === 'development' });
      const probes = { db, redis, store, runtime: reads, relay };
      const created = createServer({ logger, yoga, checks: systemChecks(probes), metrics: () => prometheusText(systemGauges(probes)) });
      registerDocumentRoutes(created.app, { documents, jwtSecret: secret.secret });
      url = await created.listen({ port: options.port ?? config.PORT, host: config.HOST });
      cleanups.push(() => created.close());
      server = created;
      logger.info({ url: `${url}/graphql`, roles: config.ROLES, database: db.kind, redis: redis !== null }, 'ledgerline started');
    }

    return {
      config,
      logger,
      db,
      store,
      feed,
      trading,
      runtime,
      relay,
      migrations,
      url,
      port: url === null ? null : Number(new URL(url).port),
      server,
      jwtSecret: secret?.secret ?? null,
      createdDevelopmentSecret: secret?.created ?? false,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
};
