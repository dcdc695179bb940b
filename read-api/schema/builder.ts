import SchemaBuilder from '@pothos/core';
import type { GraphQLContext } from '../context.js';

/**
 * The one Pothos builder. Each bounded context adds its types and fields from its own folder
 * (read-api/schema/<context>/*.ts); read-api/schema/index.ts loads them, schema.ts builds the schema.
 */
export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
    /** A global log position: parsed to a number, printed as a decimal string. */
    LogPosition: { Input: number; Output: number };
    /** An upload of a GraphQL multipart request; input only (resolvers check it with `asUpload`). */
    File: { Input: unknown; Output: never };
  };
}>({ defaultFieldNullability: false });

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
