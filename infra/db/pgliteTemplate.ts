import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * A freshly initialised PGlite data directory, as a tarball in .cache/ (git-ignored). PGlite's initdb
 * takes seconds of CPU; starting from this copy takes a fraction of that. `npm install` prepares it
 * (scripts/preparePglite.ts), so the first `npm start` is quick.
 */
export const pgliteTemplateFile = path.resolve(import.meta.dirname, '../../.cache/pglite-initdb.tar.gz');

/** The prepared copy, when there is one. */
export const readPgliteTemplate = (): Blob | undefined => (existsSync(pgliteTemplateFile) ? new Blob([readFileSync(pgliteTemplateFile)]) : undefined);

/** The prepared copy, made now when there is none yet. */
export const pgliteTemplate = async (): Promise<Blob> => {
  const existing = readPgliteTemplate();
  if (existing) return existing;
  const lite = await PGlite.create('memory://');
  const dump = await lite.dumpDataDir('gzip');
  await lite.close();
  mkdirSync(path.dirname(pgliteTemplateFile), { recursive: true });
  const partial = `${pgliteTemplateFile}.${process.pid}.tmp`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, pgliteTemplateFile);
  return dump;
};

/** true when `dataDir` already holds a database (PGlite writes PG_VERSION at initdb). */
export const holdsDatabase = (dataDir: string): boolean => existsSync(path.join(dataDir, 'PG_VERSION'));
