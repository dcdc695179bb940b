import { ConfigError, loadConfig, type Config } from '../infra/config.js';
import { startSystem } from '../read-api/system.js';

/** `npm start`: every role in one process; with no configuration, PGlite in DATA_DIR and a development JWT secret. */
const configOrExit = (): Config => {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
};

const config = configOrExit();
let system;
try {
  system = await startSystem(config);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const running = system;
if (running.url !== null) {
  const where = running.db.kind === 'pglite' ? `PGlite in ${config.DATA_DIR}/pglite` : 'PostgreSQL (DATABASE_URL)';
  const secret = config.JWT_SECRET ? 'JWT_SECRET' : `the development secret in ${config.DATA_DIR}/jwt-secret${running.createdDevelopmentSecret ? ' (created now)' : ''}`;
  console.log(
    [
      '',
      `Ledgerline is serving GraphQL at ${running.url}/graphql${config.NODE_ENV === 'development' ? ' (GraphiQL: open it in a browser)' : ''}`,
      `  data: ${where}; hot positions: ${config.REDIS_URL ? 'Redis (REDIS_URL)' : 'in-process'}; tokens signed with ${secret}`,
      '  get a token:  npm run -s token -- --tenant acme --roles energy.trader',
      `  health:       ${running.url}/health/ready`,
      '',
    ].join('\n'),
  );
} else {
  console.log(`Ledgerline started with roles ${config.ROLES.join(', ')} (no gateway)`);
}

let stopping = false;
const stop = async (signal: string): Promise<void> => {
  if (stopping) return;
  stopping = true;
  running.logger.info({ signal }, 'stopping');
  await running.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
