import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AvroRecordSchema } from './zodToAvro.js';

/** One committed schema file: schemas/avro/<context>/<EventType>.v<N>.avsc. */
export type AvroSchemaFile = Readonly<{ context: string; eventType: string; version: number; file: string; text: string; schema: AvroRecordSchema }>;

const FILE_NAME = /^([A-Za-z][A-Za-z0-9]*)\.v(\d+)\.avsc$/;

/** The default folder: schemas/avro at the repository root. */
export const avroSchemaDir = path.resolve(import.meta.dirname, '../../schemas/avro');

export const avroFileName = (eventType: string, version: number): string => `${eventType}.v${version}.avsc`;

/** The text a schema is committed as: stable 2-space JSON and a final newline. */
export const avroFileText = (schema: AvroRecordSchema): string => `${JSON.stringify(schema, null, 2)}\n`;

/** Every committed schema, sorted by context, event type and version. */
export const readAvroSchemaFiles = (dir: string = avroSchemaDir): AvroSchemaFile[] => {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((context) =>
      readdirSync(path.join(dir, context.name)).flatMap((name): AvroSchemaFile[] => {
        const match = FILE_NAME.exec(name);
        if (match === null) return [];
        const file = path.join(dir, context.name, name);
        const text = readFileSync(file, 'utf8');
        return [{ context: context.name, eventType: match[1] ?? '', version: Number(match[2]), file, text, schema: JSON.parse(text) as AvroRecordSchema }];
      }),
    );
  return files.sort((a, b) => a.context.localeCompare(b.context) || a.eventType.localeCompare(b.eventType) || a.version - b.version);
};
