/**
 * Run by `npm install` (postinstall): prepares the PGlite template that makes the first embedded start
 * quick. Never fails the install: without the template, the first start runs initdb itself.
 */
import { pgliteTemplate, pgliteTemplateFile } from '../infra/db/pgliteTemplate.js';

try {
  const started = Date.now();
  await pgliteTemplate();
  console.log(`ledgerline: PGlite template ready in ${pgliteTemplateFile} (${Date.now() - started} ms)`);
} catch (error) {
  console.warn(`ledgerline: could not prepare the PGlite template (${(error as Error).message}); the first start will initialise the database itself`);
}
