import { parseArgs } from 'node:util';
import { developmentSecret } from '../infra/auth/developmentSecret.js';
import { signToken } from '../infra/auth/signToken.js';
import { ConfigError, loadConfig } from '../infra/config.js';

const usage = `Prints a bearer JWT for the Ledgerline gateway, signed with JWT_SECRET or the development secret in DATA_DIR.

  npm run -s token -- [--tenant acme] [--roles energy.trader,venue] [--sub dev-user] [--expires 8h]

Roles: energy.trader (place, cancel, read), energy.analyst and energy.viewer (read), energy.admin (all), venue (record fills).`;

const { values } = parseArgs({
  options: {
    tenant: { type: 'string', default: 'acme' },
    roles: { type: 'string', default: 'energy.trader' },
    sub: { type: 'string', default: 'dev-user' },
    expires: { type: 'string', default: '8h' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(usage);
  process.exit(0);
}

try {
  const config = loadConfig();
  const secret = config.JWT_SECRET ?? developmentSecret(config.DATA_DIR).secret;
  const roles = values.roles.split(',').map((role) => role.trim()).filter((role) => role !== '');
  const expiresIn = /^\d+$/.test(values.expires) ? `${values.expires}s` : values.expires;
  console.log(await signToken(secret, { sub: values.sub, tenant: values.tenant, roles, expiresIn }));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
