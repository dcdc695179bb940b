import type { Log } from '../commands/log.js';
import type { Authentication } from './auth/principal.js';
import type { GatewayServices } from './gatewayServices.js';
import type { RequestIdentity } from './requestIdentity.js';

/** The GraphQL context of one operation (one HTTP request or one WebSocket subscription). */
export type GraphQLContext = Readonly<{
  auth: Authentication;
  identity: RequestIdentity;
  log: Log;
  services: GatewayServices;
  /** Aborts when the client goes away: waits for consistency stop early. */
  signal: AbortSignal | undefined;
}>;

/** What a transport hands to yoga before it builds the context (all optional for `yoga.fetch`). */
export type TransportContext = Readonly<{
  authorization?: string | null;
  identity?: RequestIdentity;
  log?: Log;
}>;
