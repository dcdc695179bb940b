import { z } from 'zod';

/**
 * An event payload's zod schema → an Avro record schema, through `z.toJSONSchema()`.
 *
 * string → string, number → double, integer → long, boolean → boolean, string enum → enum
 * (named `<Record><Field>`; a string when a value is not an Avro name), array → array, object → record (named `<Record><Field>`),
 * `.nullable()` → ["null", T] with default null (so adding a nullable field stays readable).
 * `.optional()` and anything else is refused with the field's path, as STYLE.md asks.
 */
export type AvroSchema = string | { readonly [key: string]: unknown } | readonly AvroSchema[];
export type AvroRecordSchema = Readonly<{ type: 'record'; name: string; namespace?: string; doc?: string; fields: readonly AvroField[] }>;
export type AvroField = Readonly<{ name: string; type: AvroSchema; doc?: string; default?: null }>;

type JsonSchema = Readonly<{
  type?: string | readonly string[];
  anyOf?: readonly JsonSchema[];
  enum?: readonly unknown[];
  const?: unknown;
  items?: JsonSchema;
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  description?: string;
  $ref?: string;
}>;

export class AvroConversionError extends Error {
  readonly code = 'AVRO_CONVERSION_FAILED';
  constructor(readonly path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'AvroConversionError';
  }
}

const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
const isNull = (schema: JsonSchema): boolean => schema.type === 'null';

/** Splits `T | null` (either JSON Schema spelling) into T, or returns null when the schema is not nullable. */
const nonNullPart = (schema: JsonSchema): JsonSchema | null => {
  if (Array.isArray(schema.type) && schema.type.length === 2 && schema.type.includes('null')) {
    return { ...schema, type: schema.type.find((t: string) => t !== 'null') as string };
  }
  if (schema.anyOf?.length === 2 && schema.anyOf.some(isNull)) return schema.anyOf.find((s) => !isNull(s)) ?? null;
  return null;
};

const record = (schema: JsonSchema, name: string, path: string): AvroRecordSchema => {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([field, fieldSchema]): AvroField => {
    const fieldPath = `${path}.${field}`;
    if (!required.has(field)) throw new AvroConversionError(fieldPath, 'optional fields are not allowed in events; use .nullable()');
    const inner = nonNullPart(fieldSchema);
    const doc = fieldSchema.description === undefined ? {} : { doc: fieldSchema.description };
    const typeName = `${name}${pascal(field)}`;
    if (inner === null) return { name: field, type: avroType(fieldSchema, typeName, fieldPath), ...doc };
    return { name: field, type: ['null', avroType(inner, typeName, fieldPath)], default: null, ...doc };
  });
  return { type: 'record', name, ...(schema.description === undefined ? {} : { doc: schema.description }), fields };
};

const avroType = (schema: JsonSchema, name: string, path: string): AvroSchema => {
  if (schema.$ref !== undefined || schema.anyOf !== undefined) throw new AvroConversionError(path, 'unions and references are not supported');
  if (schema.enum !== undefined) {
    if (!schema.enum.every((symbol) => typeof symbol === 'string')) throw new AvroConversionError(path, 'only string enums are supported');
    // Avro enum symbols must be names ([A-Za-z_][A-Za-z0-9_]*); other values (e.g. `energy.trader`) travel as strings.
    if (!schema.enum.every((symbol) => AVRO_NAME.test(symbol))) return { type: 'string', doc: `one of: ${schema.enum.join(', ')}` };
    return { type: 'enum', name, symbols: schema.enum };
  }
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'number':
      return 'double';
    case 'integer':
      return 'long';
    case 'boolean':
      return 'boolean';
    case 'array':
      if (schema.items === undefined) throw new AvroConversionError(path, 'an array needs an item type');
      return { type: 'array', items: avroType(schema.items, `${name}Item`, `${path}[]`) };
    case 'object':
      return record(schema, name, path);
    default:
      throw new AvroConversionError(path, `type ${JSON.stringify(schema.type)} has no Avro equivalent`);
  }
};

/** The Avro record for one event type: record name = event type, namespace `ledgerline.<context>`. */
export const zodToAvro = (eventType: string, schema: z.ZodType, options: { namespace: string }): AvroRecordSchema => {
  const json = z.toJSONSchema(schema, { io: 'output' }) as JsonSchema;
  if (json.type !== 'object') throw new AvroConversionError(eventType, 'an event payload must be an object');
  const { type, name, fields, ...rest } = record(json, eventType, eventType);
  return { type, name, namespace: options.namespace, ...rest, fields };
};
