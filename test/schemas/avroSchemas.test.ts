import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import avro from 'avsc';
import { z } from 'zod';
import { eventSchemas } from '../../domain/eventSchemas.js';
import { tradeCancelled, tradePlaced } from '../../domain/trading/events.js';
import { avroFileText, avroSchemaDir, readAvroSchemaFiles, type AvroSchemaFile } from '../../infra/avro/avroSchemaFiles.js';
import { planAvroSchemas } from '../../infra/avro/planAvroSchemas.js';
import { AvroConversionError, zodToAvro } from '../../infra/avro/zodToAvro.js';

const committed = readAvroSchemaFiles();

type JsonSchema = { type?: string | string[]; anyOf?: JsonSchema[]; enum?: unknown[]; items?: JsonSchema; properties?: Record<string, JsonSchema>; format?: string };
/** A value of a JSON Schema (as z.toJSONSchema gives it): first enum values, one array item, nulls or not. */
const sampleOf = (schema: JsonSchema, nulls: boolean): unknown => {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (schema.anyOf) return sampleOf(schema.anyOf.find((s) => (s.type === 'null') === nulls) ?? schema.anyOf[0]!, nulls);
  if (types.includes('null') && (nulls || types.length === 1)) return null;
  if (schema.enum) return schema.enum[schema.enum.length - 1];
  const type = types.find((t) => t !== 'null');
  if (type === 'object') return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sampleOf(v, nulls)]));
  if (type === 'array') return [sampleOf(schema.items ?? {}, nulls)];
  if (type === 'integer') return 7;
  if (type === 'number') return 2.5;
  if (type === 'boolean') return true;
  return schema.format === 'email' ? 'someone@example.com' : '2026-01-02T03:04:05.000Z';
};
const asCommitted = (context: string, eventType: string, version: number, schema: z.ZodType): AvroSchemaFile => {
  const avroSchema = zodToAvro(eventType, schema, { namespace: `ledgerline.${context}` });
  return { context, eventType, version, file: `${eventType}.v${version}.avsc`, text: avroFileText(avroSchema), schema: avroSchema };
};

describe('committed Avro schemas (schemas/avro)', () => {
  it('equal what scripts/generateAvro.ts generates from the zod event schemas', () => {
    const plan = planAvroSchemas(eventSchemas, committed, avroSchemaDir);
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(
      plan.writes.map((w) => path.relative(avroSchemaDir, w.file)),
      [],
      'stale Avro schemas: run `tsx scripts/generateAvro.ts` and commit schemas/avro',
    );
  });

  it('cover every event type of every context', () => {
    const expected = Object.entries(eventSchemas).flatMap(([context, events]) => Object.keys(events).map((type) => `${context}/${type}`));
    const present = new Set(committed.map((f) => `${f.context}/${f.eventType}`));
    assert.deepEqual(expected.filter((name) => !present.has(name)), []);
  });

  it('each version reads data written with the previous version', () => {
    for (const file of committed.filter((f) => f.version > 1)) {
      const previous = committed.find((f) => f.context === file.context && f.eventType === file.eventType && f.version === file.version - 1);
      assert.ok(previous, `${file.eventType} v${file.version} has no v${file.version - 1}`);
      const writer = avro.Type.forSchema(previous.schema as avro.Schema);
      const reader = avro.Type.forSchema(file.schema as avro.Schema);
      const value = writer.random();
      assert.doesNotThrow(() => reader.fromBuffer(writer.toBuffer(value), reader.createResolver(writer)), `${file.eventType} v${file.version}`);
    }
  });

  it('carry every payload the zod schema accepts unchanged (with and without nulls)', () => {
    for (const [context, events] of Object.entries(eventSchemas)) {
      for (const [eventType, zodSchema] of Object.entries(events)) {
        const latest = committed.filter((f) => f.context === context && f.eventType === eventType).at(-1);
        assert.ok(latest, `${context}/${eventType} has no schema`);
        const type = avro.Type.forSchema(latest.schema as avro.Schema);
        for (const nulls of [true, false]) {
          const sample = zodSchema.parse(sampleOf(z.toJSONSchema(zodSchema) as JsonSchema, nulls));
          assert.deepEqual(JSON.parse(JSON.stringify(type.fromBuffer(type.toBuffer(sample)))), sample, `${eventType}`);
        }
      }
    }
  });
});

describe('evolving an event schema', () => {
  const v1 = asCommitted('trading', 'TradeCancelled', 1, tradeCancelled);

  it('a committed file that differs from the zod schema is reported as stale', () => {
    const edited = { ...v1, text: v1.text.replace('"reason"', '"why"') };
    const plan = planAvroSchemas({ trading: { TradeCancelled: tradeCancelled } }, [edited], '/s');
    assert.deepEqual(plan.writes.map((w) => w.file), ['/s/trading/TradeCancelled.v2.avsc']);
  });

  it('a change of documentation only rewrites the latest version in place, with no new version', () => {
    const documented = { ...v1, text: v1.text.replace('"name": "reason"', '"name": "reason", "doc": "an older description"') };
    assert.notEqual(documented.text, v1.text);
    const plan = planAvroSchemas({ trading: { TradeCancelled: tradeCancelled } }, [documented], '/s');
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.writes.map((w) => [w.file, w.text]), [['/s/trading/TradeCancelled.v1.avsc', v1.text]]);
  });

  it('adding a nullable field makes version 2, which reads version 1 data with null', () => {
    const next = tradeCancelled.extend({ cancelledBy: z.string().nullable() });
    const plan = planAvroSchemas({ trading: { TradeCancelled: next } }, [v1], '/s');
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.writes.map((w) => [w.eventType, w.version]), [['TradeCancelled', 2]]);
    const writer = avro.Type.forSchema(v1.schema as avro.Schema);
    const reader = avro.Type.forSchema(JSON.parse(plan.writes[0]?.text ?? '') as avro.Schema);
    const old = { tradeId: 't-1', reason: 'fat finger', cancelledAt: '2026-01-02T03:04:05.000Z' };
    assert.deepEqual({ ...reader.fromBuffer(writer.toBuffer(old), reader.createResolver(writer)) }, { ...old, cancelledBy: null });
  });

  it('adding a required field is refused, naming the event and the field', () => {
    const plan = planAvroSchemas({ trading: { TradeCancelled: tradeCancelled.extend({ cancelledBy: z.string() }) } }, [v1], '/s');
    assert.equal(plan.problems.length, 1);
    assert.match(plan.problems[0] ?? '', /TradeCancelled v2 cannot read v1: field 'cancelledBy' is new and has no default/);
  });

  it('changing a field to an unreadable type is refused, naming the event and the field', () => {
    const placed = asCommitted('trading', 'TradePlaced', 1, tradePlaced);
    const plan = planAvroSchemas({ trading: { TradePlaced: tradePlaced.extend({ quantityMwh: z.string() }) } }, [placed], '/s');
    assert.equal(plan.problems.length, 1);
    assert.match(plan.problems[0] ?? '', /TradePlaced v2 cannot read v1: field 'quantityMwh' changed/);
  });

  it('an optional field cannot become Avro, naming its path', () => {
    assert.throws(
      () => zodToAvro('TradeCancelled', tradeCancelled.extend({ note: z.string().optional() }), { namespace: 'ledgerline.trading' }),
      (error: unknown) => error instanceof AvroConversionError && error.path === 'TradeCancelled.note',
    );
  });

  it('maps integers, booleans, arrays and nested objects', () => {
    const schema = zodToAvro('X', z.object({ n: z.number().int(), ok: z.boolean(), legs: z.array(z.object({ side: z.enum(['BUY', 'SELL']) })) }), { namespace: 'ns' });
    const type = avro.Type.forSchema(schema as avro.Schema);
    const value = { n: 3, ok: true, legs: [{ side: 'SELL' }] };
    assert.deepEqual(JSON.parse(JSON.stringify(type.fromBuffer(type.toBuffer(value)))), value);
    assert.deepEqual(schema.fields.map((f) => f.type), ['long', 'boolean', { type: 'array', items: { type: 'record', name: 'XLegsItem', fields: [{ name: 'side', type: { type: 'enum', name: 'XLegsItemSide', symbols: ['BUY', 'SELL'] } }] } }]);
  });
});
