import avro from 'avsc';
import type { AvroField, AvroRecordSchema } from './zodToAvro.js';

/**
 * Can a reader of `reader` decode data written with `writer` (Avro schema resolution, avsc `createResolver`)?
 * Returns the problems, each naming the event and the field; [] means compatible.
 */
export const readProblems = (
  eventType: string,
  reader: Readonly<{ version: number; schema: AvroRecordSchema }>,
  writer: Readonly<{ version: number; schema: AvroRecordSchema }>,
): string[] => {
  try {
    avro.Type.forSchema(reader.schema as avro.Schema).createResolver(avro.Type.forSchema(writer.schema as avro.Schema));
    return [];
  } catch (error) {
    const prefix = `${eventType} v${reader.version} cannot read v${writer.version}`;
    const problems = fieldProblems(reader.schema, writer.schema).map((problem) => `${prefix}: ${problem}`);
    return problems.length > 0 ? problems : [`${prefix}: ${error instanceof Error ? error.message : String(error)}`];
  }
};

/** Narrows an incompatibility down to the fields that cause it. */
const fieldProblems = (reader: AvroRecordSchema, writer: AvroRecordSchema): string[] => {
  const written = new Map<string, AvroField>(writer.fields.map((field) => [field.name, field]));
  return reader.fields.flatMap((field): string[] => {
    const old = written.get(field.name);
    if (old === undefined) {
      return 'default' in field ? [] : [`field '${field.name}' is new and has no default (declare it .nullable())`];
    }
    try {
      const wrap = (f: AvroField) => avro.Type.forSchema({ type: 'record', name: 'Probe', fields: [{ name: f.name, type: f.type }] } as avro.Schema);
      wrap(field).createResolver(wrap(old));
      return [];
    } catch (error) {
      return [`field '${field.name}' changed from ${JSON.stringify(old.type)} to ${JSON.stringify(field.type)} (${error instanceof Error ? error.message : String(error)})`];
    }
  });
};
