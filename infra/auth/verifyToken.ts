import { errors, jwtVerify } from 'jose';
import { InvalidTokenError, secretKey, type TokenClaims } from './tokenClaims.js';

const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The HMAC key, imported once per secret (jose would import a raw secret again on every verify). */
const keys = new Map<string, Promise<CryptoKey>>();
const hmacKey = (secret: string): Promise<CryptoKey> => {
  let key = keys.get(secret);
  if (key === undefined) {
    key = crypto.subtle.importKey('raw', secretKey(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    keys.set(secret, key);
  }
  return key;
};

/** Verifies an HS256 JWT and returns its claims. Throws InvalidTokenError, never jose's own errors. */
export const verifyToken = async (secret: string, token: string): Promise<TokenClaims> => {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, await hmacKey(secret), { algorithms: ['HS256'] }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new InvalidTokenError('expired');
    throw new InvalidTokenError(error instanceof errors.JOSEError ? error.code : 'malformed');
  }
  const { sub, tenant, roles } = payload;
  if (!nonEmptyString(sub)) throw new InvalidTokenError('claim sub is missing');
  if (!nonEmptyString(tenant)) throw new InvalidTokenError('claim tenant is missing');
  if (!Array.isArray(roles) || !roles.every(nonEmptyString)) throw new InvalidTokenError('claim roles must be a list of strings');
  return { sub, tenant, roles };
};
