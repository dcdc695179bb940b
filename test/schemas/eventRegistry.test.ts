import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { it } from 'node:test';
import { eventSchemas } from '../../domain/eventSchemas.js';

const domainDir = path.resolve(import.meta.dirname, '../../domain');

it('every context\'s event schemas are in the registry, so the relay can encode every event it reads', async () => {
  const registered = new Set(Object.values(eventSchemas));
  const missing: string[] = [];
  for (const context of readdirSync(domainDir, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    const file = path.join(domainDir, context.name, 'events.ts');
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch {
      continue; // a context without events.ts (shared helpers)
    }
    for (const [name, value] of Object.entries(module)) {
      if (name.endsWith('EventSchemas') && !registered.has(value as never)) missing.push(`domain/${context.name}/events.ts: ${name}`);
    }
  }
  assert.deepEqual(missing, [], 'add them to domain/eventSchemas.ts and run npm run schemas');
});
