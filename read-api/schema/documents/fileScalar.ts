import { builder } from '../builder.js';

/** `File`: an upload in a GraphQL multipart request (graphql-yoga hands the resolver a WHATWG File). */
builder.scalarType('File', {
  description: 'A file sent as a part of a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec).',
  serialize: () => {
    throw new TypeError('File is an input-only scalar');
  },
  parseValue: (value) => value,
  parseLiteral: () => {
    throw new TypeError('A File is sent as a multipart part, not written in the query');
  },
});

export type Upload = Readonly<{ name: string; type: string; size: number; arrayBuffer: () => Promise<ArrayBuffer> }>;

export const asUpload = (value: unknown): Upload | null =>
  typeof value === 'object' && value !== null && typeof (value as Upload).arrayBuffer === 'function' && typeof (value as Upload).size === 'number' ? (value as Upload) : null;
