/** What Ledgerline reads from a bearer JWT: the user (`sub`), their tenant and their roles. */
export type TokenClaims = Readonly<{ sub: string; tenant: string; roles: readonly string[] }>;

/** A token that is missing, malformed, badly signed, expired or without the claims above. */
export class InvalidTokenError extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(readonly reason: string) {
    super(`Invalid token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

export const secretKey = (secret: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(secret);
