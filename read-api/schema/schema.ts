import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './index.js';

/** The gateway's GraphQL schema, built once from every context's part. */
export const schema: GraphQLSchema = lexicographicSortSchema(builder.toSchema());
