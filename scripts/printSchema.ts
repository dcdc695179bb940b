import { writeFileSync } from 'node:fs';
import { printedSchema, SCHEMA_FILE } from '../read-api/schema/printedSchema.js';

/** Writes the gateway's GraphQL SDL to read-api/schema.graphql (committed; a test fails when it is stale). */
writeFileSync(SCHEMA_FILE, printedSchema());
console.log(`wrote ${SCHEMA_FILE}`);
