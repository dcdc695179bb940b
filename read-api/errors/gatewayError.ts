import { GraphQLError } from 'graphql';

/** A GraphQL error the gateway raises itself, with its stable code in `extensions.code`. */
export const gatewayError = (code: string, message: string, extensions: Record<string, unknown> = {}): GraphQLError =>
  new GraphQLError(message, { extensions: { ...extensions, code } });

export const unauthenticated = (reason = 'a valid bearer token is required'): GraphQLError =>
  gatewayError('UNAUTHENTICATED', `Not authenticated: ${reason}`);

export const forbidden = (permission: string): GraphQLError =>
  gatewayError('FORBIDDEN', `Not allowed: the permission ${permission} is missing`, { permission });

export const badUserInput = (field: string, message: string): GraphQLError =>
  gatewayError('BAD_USER_INPUT', message, { field });
