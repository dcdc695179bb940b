import fastify, { LogController, type FastifyInstance, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import type { Logger } from '../infra/logger.js';
import type { GraphQLGateway } from './graphqlGateway.js';
import { readiness, type DependencyCheck } from './health.js';
import { requestIdentity, requestIdOf } from './requestIdentity.js';
import { requestLog } from './requestLog.js';
import { attachWebSocketGateway } from './webSocketGateway.js';

export type ServerOptions = Readonly<{
  logger: Logger;
  yoga: GraphQLGateway;
  checks: readonly DependencyCheck[];
  /** Prometheus text for /metrics; no route when absent. */
  metrics?: () => Promise<string>;
}>;

export type Server = Readonly<{
  app: FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Logger>;
  yoga: GraphQLGateway;
  /** Listens; resolves to the base URL (http://host:port). */
  listen: (options: { port: number; host: string }) => Promise<string>;
  close: () => Promise<void>;
}>;

const quietUrls = /^\/(health|metrics)/;

/**
 * fastify with the GraphQL gateway on /graphql (HTTP, SSE and WebSocket on one port), health and
 * metrics. Every log line of a request carries its requestId and correlationId (x-request-id,
 * x-correlation-id or traceparent headers when present), and both go back as response headers.
 */
export const createServer = ({ logger, yoga, checks, metrics }: ServerOptions): Server => {
  const app = fastify({
    loggerInstance: logger,
    genReqId: (req) => requestIdOf(req.headers),
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      disableRequestLogging: (req) => quietUrls.test(req.url),
    }),
    childLoggerFactory: (parent, bindings, options, rawReq) =>
      parent.child({ ...bindings, correlationId: requestIdentity(rawReq.headers, String(bindings['requestId'] ?? '')).correlationId }, options),
    forceCloseConnections: true,
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-correlation-id', requestIdentity(request.headers, request.id).correlationId);
  });

  app.get('/health/live', async () => ({ status: 'live' }));
  app.get('/health/ready', async (_request, reply) => {
    const result = await readiness(checks);
    return reply.status(result.status === 'ready' ? 200 : 503).send(result);
  });
  if (metrics) {
    app.get('/metrics', async (_request, reply) => reply.type('text/plain; version=0.0.4').send(await metrics()));
  }

  app.route({
    url: yoga.graphqlEndpoint,
    method: ['GET', 'POST', 'OPTIONS'],
    handler: async (request, reply) => {
      const response = await requestLog.run(request.log, () =>
        yoga.handleNodeRequestAndResponse(request, reply, {
          identity: requestIdentity(request.headers, request.id),
          authorization: request.headers.authorization ?? null,
          log: request.log,
        }),
      );
      response.headers.forEach((value, key) => reply.header(key, value));
      reply.status(response.status);
      return reply.send(response.body);
    },
  });

  const webSocket = attachWebSocketGateway({ server: app.server, yoga, log: logger });

  return {
    app,
    yoga,
    listen: async ({ port, host }) => {
      await app.listen({ port, host });
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address !== null ? address.port : port;
      return `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
    },
    close: async () => {
      await webSocket.close();
      await app.close();
    },
  };
};
