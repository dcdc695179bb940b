import type { Server } from 'node:http';
import type { ExecutionArgs, GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Log } from '../commands/log.js';
import { createWebSocketServer } from '../infra/ws/webSocketServer.js';
import { maskError } from './errors/maskError.js';
import type { GraphQLGateway } from './graphqlGateway.js';
import type { GraphQLContext } from './context.js';
import { requestIdentity, requestIdOf } from './requestIdentity.js';
import { requestLog } from './requestLog.js';

type Engine = Readonly<{ execute: (args: ExecutionArgs) => unknown; subscribe: (args: ExecutionArgs) => unknown }>;

const UNEXPECTED = 'Unexpected error.';

/** `Bearer …` from connectionParams.authorization (browsers cannot set headers on a WebSocket), else the upgrade request's header. */
const authorizationOf = (connectionParams: Readonly<Record<string, unknown>> | undefined, header: string | undefined): string | null => {
  const param = connectionParams?.['authorization'] ?? connectionParams?.['Authorization'];
  return typeof param === 'string' ? param : (header ?? null);
};

/**
 * graphql-ws (the graphql-transport-ws protocol) on the HTTP server's port and the GraphQL path,
 * executing through yoga, so that auth, context and error masking are the same as over HTTP and SSE.
 */
export const attachWebSocketGateway = ({ server, yoga, log }: { server: Server; yoga: GraphQLGateway; log: Log }) => {
  const wss = createWebSocketServer({ server, path: yoga.graphqlEndpoint });
  const disposable = useServer(
    {
      execute: (args) => requestLog.run((args.contextValue as GraphQLContext).log, () => (args.rootValue as Engine).execute(args)) as never,
      subscribe: (args) => requestLog.run((args.contextValue as GraphQLContext).log, () => (args.rootValue as Engine).subscribe(args)) as never,
      onSubscribe: async (ctx, id, payload) => {
        const { headers } = ctx.extra.request;
        const identity = requestIdentity(headers, requestIdOf(headers));
        const enveloped = yoga.getEnveloped({
          identity,
          authorization: authorizationOf(ctx.connectionParams, headers.authorization),
          log: log.child({ requestId: identity.requestId, correlationId: identity.correlationId, subscriptionId: id }),
          params: payload,
        } as never);
        let document;
        try {
          document = enveloped.parse(payload.query);
        } catch (error) {
          return [maskError(error, UNEXPECTED) as GraphQLError];
        }
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return errors; // coded by useErrorCodes, like over HTTP
        return {
          schema: enveloped.schema,
          operationName: payload.operationName ?? null,
          document,
          variableValues: payload.variables ?? null,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe } satisfies Engine,
        };
      },
    },
    wss,
  );
  return {
    close: async (): Promise<void> => {
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
};
