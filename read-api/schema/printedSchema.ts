import path from 'node:path';
import { printSchema } from 'graphql';
import { schema } from './schema.js';

/** Where the printed SDL is committed: the gateway's public contract, diffable in review. */
export const SCHEMA_FILE = path.resolve(import.meta.dirname, '../schema.graphql');

export const printedSchema = (): string => `${printSchema(schema)}\n`;
