/**
 * Writes schemas/avro/<context>/<EventType>.v<N>.avsc from the zod event schemas (domain/eventSchemas.ts).
 * An event whose schema changed gets a new version file; the script refuses a version that cannot
 * read the previous one, naming the event and the field. Run: tsx scripts/generateAvro.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eventSchemas } from '../domain/eventSchemas.js';
import { avroSchemaDir, readAvroSchemaFiles } from '../infra/avro/avroSchemaFiles.js';
import { planAvroSchemas } from '../infra/avro/planAvroSchemas.js';

const plan = planAvroSchemas(eventSchemas, readAvroSchemaFiles(avroSchemaDir), avroSchemaDir);
if (plan.problems.length > 0) {
  process.stderr.write(`Incompatible event schema changes (nothing written):\n${plan.problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
for (const write of plan.writes) {
  mkdirSync(path.dirname(write.file), { recursive: true });
  writeFileSync(write.file, write.text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), write.file)}\n`);
}
if (plan.writes.length === 0) process.stdout.write('Avro schemas are up to date\n');
