import type { Plugin } from 'graphql-yoga';
import { withGraphQLCode } from './maskError.js';

/** A yoga plugin: validation errors get their code too (they do not pass through maskError). */
export const useErrorCodes = (): Plugin => ({
  onValidate: () => ({ valid, result }) => {
    if (!valid) for (const error of result) withGraphQLCode(error);
  },
});
