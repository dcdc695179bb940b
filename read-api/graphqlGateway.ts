import type { IncomingHttpHeaders } from 'node:http';
import { createYoga, type YogaInitialContext, type YogaServerInstance } from 'graphql-yoga';
import type { Log } from '../commands/log.js';
import { authenticate } from './auth/authenticate.js';
import type { GraphQLContext, TransportContext } from './context.js';
import { maskError } from './errors/maskError.js';
import { useErrorCodes } from './errors/useErrorCodes.js';
import type { GatewayServices } from './gatewayServices.js';
import { requestLog } from './requestLog.js';
import { requestIdentity, requestIdOf } from './requestIdentity.js';
import { schema } from './schema/schema.js';

export const GRAPHQL_PATH = '/graphql';

export type GraphQLGateway = YogaServerInstance<TransportContext, GraphQLContext>;

export type GraphQLGatewayOptions = Readonly<{
  services: GatewayServices;
  jwtSecret: string;
  log: Log;
  /** GraphiQL on GET /graphql (development). */
  graphiql?: boolean;
}>;

const headersOf = (request: Request | undefined): IncomingHttpHeaders =>
  request ? Object.fromEntries(request.headers.entries()) : {};

/** yoga's logger over the request's (or the process's): the errors it masks are logged with their stack, never sent. */
const yogaLogger = (log: Log) => {
  const current = (): Log => requestLog.getStore() ?? log;
  return {
    debug: (...args: unknown[]) => current().debug({ args }, 'graphql'),
    info: (...args: unknown[]) => current().info({ args }, 'graphql'),
    warn: (...args: unknown[]) => current().warn({ args }, 'graphql'),
    error: (...args: unknown[]) => current().error({ err: args[0] }, 'graphql error'),
  };
};

/**
 * graphql-yoga over the schema: HTTP (GET/POST), SSE subscriptions (Accept: text/event-stream) and the
 * execution engine graphql-ws uses. Transports hand in the request identity, the Authorization value
 * and a request logger; `yoga.fetch` alone (tests) takes them from the request's headers.
 */
export const createGraphQLGateway = ({ services, jwtSecret, log, graphiql = false }: GraphQLGatewayOptions): GraphQLGateway =>
  createYoga<TransportContext, GraphQLContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: graphiql ? { title: 'Ledgerline', subscriptionsProtocol: 'WS' } : false,
    landingPage: false,
    logging: yogaLogger(log),
    maskedErrors: { maskError },
    plugins: [useErrorCodes()],
    context: async (initial: YogaInitialContext & TransportContext): Promise<GraphQLContext> => {
      const headers = headersOf(initial.request);
      const identity = initial.identity ?? requestIdentity(headers, requestIdOf(headers));
      const authorization = initial.authorization !== undefined ? initial.authorization : (initial.request?.headers.get('authorization') ?? null);
      const auth = await authenticate(jwtSecret, authorization);
      const requestLog = initial.log ?? log.child({ requestId: identity.requestId, correlationId: identity.correlationId });
      return {
        auth,
        identity,
        log: auth.kind === 'authenticated' ? requestLog.child({ tenant: auth.principal.tenant, userId: auth.principal.sub }) : requestLog,
        services,
        signal: initial.request?.signal,
      };
    },
  });
