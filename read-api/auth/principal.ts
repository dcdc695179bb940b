/** The authenticated caller: the user, their tenant and roles (from the token's claims). */
export type Principal = Readonly<{ sub: string; tenant: string; roles: readonly string[] }>;

/** The outcome of reading the bearer token: a principal, or why there is none. */
export type Authentication =
  | Readonly<{ kind: 'authenticated'; principal: Principal }>
  | Readonly<{ kind: 'anonymous'; reason: string }>;
