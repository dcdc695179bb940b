import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { printedSchema, SCHEMA_FILE } from '../../read-api/schema/printedSchema.js';

describe('the committed GraphQL SDL', () => {
  it('equals the schema the code builds (regenerate with `npx tsx scripts/printSchema.ts`)', () => {
    assert.equal(readFileSync(SCHEMA_FILE, 'utf8'), printedSchema());
  });
});
