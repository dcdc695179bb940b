import { InvalidTokenError } from '../../infra/auth/tokenClaims.js';
import { verifyToken } from '../../infra/auth/verifyToken.js';
import type { Authentication } from './principal.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Reads an `Authorization: Bearer <JWT>` value (HTTP header or graphql-ws connectionParams). Never throws. */
export const authenticate = async (secret: string, authorization: string | null | undefined): Promise<Authentication> => {
  if (authorization === null || authorization === undefined || authorization === '') {
    return { kind: 'anonymous', reason: 'the Authorization header is missing' };
  }
  const token = BEARER.exec(authorization)?.[1];
  if (token === undefined) return { kind: 'anonymous', reason: 'the Authorization header must be "Bearer <token>"' };
  try {
    return { kind: 'authenticated', principal: await verifyToken(secret, token) };
  } catch (error) {
    if (error instanceof InvalidTokenError) return { kind: 'anonymous', reason: error.message };
    throw error;
  }
};
