import { GraphQLError } from 'graphql';
import { badInputField, isBadInput } from './badInputField.js';
import { publicError } from './publicError.js';

const INTERNAL = 'INTERNAL_SERVER_ERROR';

/** The code of an error graphql-js raised itself (a syntax error, a bad query, a bad input value). */
const graphqlCode = (error: GraphQLError): Record<string, unknown> & { code: string } => {
  if (error.message.startsWith('Syntax Error')) return { code: 'GRAPHQL_PARSE_FAILED' };
  if (isBadInput(error)) return { code: 'BAD_USER_INPUT', field: badInputField(error) };
  return { code: 'GRAPHQL_VALIDATION_FAILED' };
};

/**
 * Gives an error graphql-js raised a code, in place (a new error would make yoga log a caller's mistake
 * as a server error). yoga calls every validation error GRAPHQL_VALIDATION_FAILED; a bad input value is
 * BAD_USER_INPUT with the field.
 */
export const withGraphQLCode = (error: GraphQLError): void => {
  const code = error.extensions['code'];
  if (typeof code === 'string' && code !== 'GRAPHQL_VALIDATION_FAILED') return;
  Object.assign(error.extensions, graphqlCode(error));
};

const located = (error: GraphQLError, message: string, extensions: Record<string, unknown>): GraphQLError =>
  new GraphQLError(message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions,
  });

const originalGraphQLError = (error: GraphQLError): boolean =>
  error.originalError == null || (error.originalError instanceof GraphQLError && originalGraphQLError(error.originalError));

/**
 * yoga's maskError: every error leaves with `extensions.code`. The gateway's own errors and graphql-js's
 * keep their message; commands', the store's and the projections' known errors are translated by
 * publicError; anything else becomes "Unexpected error." with INTERNAL_SERVER_ERROR, no stack, no SQL.
 */
export const maskError = (error: unknown, message: string): Error => {
  if (error instanceof GraphQLError && originalGraphQLError(error)) {
    withGraphQLCode(error);
    return error;
  }
  const cause = error instanceof GraphQLError ? error.originalError : error;
  const known = publicError(cause);
  const at = error instanceof GraphQLError ? error : new GraphQLError(message);
  if (known !== null) return located(at, known.message, known.extensions);
  const http = error instanceof GraphQLError ? error.extensions['http'] : undefined;
  return located(at, message, { code: INTERNAL, ...(http === undefined ? {} : { http }) });
};
