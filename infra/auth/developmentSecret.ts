import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const DEVELOPMENT_SECRET_FILE = 'jwt-secret';

export const developmentSecretPath = (dataDir: string): string => path.join(dataDir, DEVELOPMENT_SECRET_FILE);

/** The development JWT secret kept in the data folder, or null when there is none yet. */
export const readDevelopmentSecret = (dataDir: string): string | null => {
  const file = developmentSecretPath(dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
};

/**
 * The development JWT secret: read from DATA_DIR/jwt-secret, or created there on first start (48 random
 * bytes, base64url, file mode 0600). Only for when JWT_SECRET is not set.
 */
export const developmentSecret = (dataDir: string): { secret: string; created: boolean } => {
  const existing = readDevelopmentSecret(dataDir);
  if (existing !== null && existing.length >= 32) return { secret: existing, created: false };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  const file = developmentSecretPath(dataDir);
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secret, created: true };
};
