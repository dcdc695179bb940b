import path from 'node:path';
import type { z } from 'zod';
import { readProblems } from './avroCompatibility.js';
import { avroFileName, avroFileText, type AvroSchemaFile } from './avroSchemaFiles.js';
import { zodToAvro } from './zodToAvro.js';

export type AvroWrite = Readonly<{ context: string; eventType: string; version: number; file: string; text: string }>;
/** `writes`: schema files to create (a new version of an event whose zod schema changed); `problems`: incompatibilities. */
export type AvroPlan = Readonly<{ writes: readonly AvroWrite[]; problems: readonly string[] }>;

/** A schema without its `doc` strings: what decides how its data is written. */
const wireForm = (schema: unknown): string =>
  JSON.stringify(schema, (key, value: unknown) => (key === 'doc' ? undefined : value));

/**
 * Compares the zod event schemas with the committed Avro files. An event whose generated schema differs
 * from its latest committed version gets version latest + 1 (old versions stay: they are the contract
 * for data already written). Every version must read the one before it.
 */
export const planAvroSchemas = (
  schemas: Readonly<Record<string, Readonly<Record<string, z.ZodType>>>>,
  committed: readonly AvroSchemaFile[],
  dir: string,
): AvroPlan => {
  const writes: AvroWrite[] = [];
  const problems: string[] = [];
  for (const [context, events] of Object.entries(schemas)) {
    for (const [eventType, zodSchema] of Object.entries(events)) {
      const history = committed.filter((f) => f.context === context && f.eventType === eventType);
      history.slice(1).forEach((file, i) => problems.push(...readProblems(eventType, file, history[i] as AvroSchemaFile)));
      const schema = zodToAvro(eventType, zodSchema, { namespace: `ledgerline.${context}` });
      const text = avroFileText(schema);
      const latest = history.at(-1);
      if (latest?.text === text) continue;
      // A change of documentation only (e.g. one more value listed for a string field) is not a new wire
      // format: the latest version's file is rewritten in place.
      const sameWire = latest !== undefined && wireForm(JSON.parse(latest.text)) === wireForm(JSON.parse(text));
      const version = sameWire ? latest.version : (latest?.version ?? 0) + 1;
      if (latest !== undefined && !sameWire) problems.push(...readProblems(eventType, { version, schema }, latest));
      writes.push({ context, eventType, version, file: path.join(dir, context, avroFileName(eventType, version)), text });
    }
  }
  return { writes, problems };
};
