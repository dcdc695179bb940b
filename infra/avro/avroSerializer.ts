import avro from 'avsc';
import { readAvroSchemaFiles, type AvroSchemaFile } from './avroSchemaFiles.js';

/** Event payloads ↔ Avro binary, with the committed schemas (schemas/avro) as the contract. */
export type AvroSerializer = Readonly<{
  /** Encodes with the latest version of the event's schema. Throws AvroSerializationError. */
  encode: (eventType: string, data: unknown) => Readonly<{ context: string; version: number; value: Buffer }>;
  /** Decodes data written with `version`, read as the latest version (Avro schema resolution). */
  decode: (eventType: string, version: number, value: Buffer) => Record<string, unknown>;
  /** The bounded context an event type belongs to, or null when it has no schema. */
  contextOf: (eventType: string) => string | null;
}>;

export class AvroSerializationError extends Error {
  constructor(readonly code: 'AVRO_UNKNOWN_EVENT_TYPE' | 'AVRO_INVALID_PAYLOAD' | 'AVRO_UNKNOWN_VERSION', message: string) {
    super(message);
    this.name = 'AvroSerializationError';
  }
}

type Versions = Readonly<{ context: string; types: ReadonlyMap<number, avro.Type>; latest: number }>;

const index = (files: readonly AvroSchemaFile[]): Map<string, Versions> => {
  const byType = new Map<string, Versions>();
  for (const file of files) {
    const known = byType.get(file.eventType);
    const types = new Map(known?.types ?? []);
    types.set(file.version, avro.Type.forSchema(file.schema as avro.Schema));
    byType.set(file.eventType, { context: file.context, types, latest: Math.max(known?.latest ?? 0, file.version) });
  }
  return byType;
};

/** Plain objects (avsc decodes records as class instances). The payload types are JSON-safe by construction. */
const plain = (value: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

export const createAvroSerializer = (files: readonly AvroSchemaFile[] = readAvroSchemaFiles()): AvroSerializer => {
  const byType = index(files);
  const resolvers = new Map<string, ReturnType<avro.Type['createResolver']>>();

  const versions = (eventType: string): Versions => {
    const found = byType.get(eventType);
    if (found === undefined) throw new AvroSerializationError('AVRO_UNKNOWN_EVENT_TYPE', `${eventType} has no Avro schema under schemas/avro`);
    return found;
  };
  const typeOf = (eventType: string, version: number): avro.Type => {
    const type = versions(eventType).types.get(version);
    if (type === undefined) throw new AvroSerializationError('AVRO_UNKNOWN_VERSION', `${eventType} has no Avro schema version ${version}`);
    return type;
  };

  return {
    encode: (eventType, data) => {
      const { context, latest } = versions(eventType);
      const type = typeOf(eventType, latest);
      const invalid: string[] = [];
      type.isValid(data, { errorHook: (path) => invalid.push(path.join('.') || '(payload)') });
      if (invalid.length > 0) throw new AvroSerializationError('AVRO_INVALID_PAYLOAD', `${eventType} v${latest}: invalid field(s) ${invalid.join(', ')}`);
      return { context, version: latest, value: type.toBuffer(data) };
    },
    decode: (eventType, version, value) => {
      const { latest } = versions(eventType);
      const reader = typeOf(eventType, latest);
      if (version === latest) return plain(reader.fromBuffer(value));
      const key = `${eventType}@${version}`;
      let resolver = resolvers.get(key);
      if (resolver === undefined) {
        resolver = reader.createResolver(typeOf(eventType, version));
        resolvers.set(key, resolver);
      }
      return plain(reader.fromBuffer(value, resolver));
    },
    contextOf: (eventType) => byType.get(eventType)?.context ?? null,
  };
};
