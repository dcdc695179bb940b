import { SignJWT } from 'jose';
import { secretKey, type TokenClaims } from './tokenClaims.js';

export type SignTokenOptions = TokenClaims & Readonly<{ expiresIn?: string | number }>;

/** Signs an HS256 JWT with claims sub, tenant and roles (for development, scripts/token.ts and tests). */
export const signToken = async (secret: string, { sub, tenant, roles, expiresIn = '8h' }: SignTokenOptions): Promise<string> =>
  new SignJWT({ tenant, roles: [...roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(secretKey(secret));
