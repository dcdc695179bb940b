import type { Db } from './db.js';

export type PgvectorStatus = Readonly<{ enabled: boolean; detail: string }>;

/** Serialises the set-up across processes that start at once (any constant of our own). */
const SETUP_LOCK = 0x6c6c7667; // "llvg"

/**
 * Turns on pgvector for semantic search when the server offers the extension: creates it, and adds
 * search_chunks.embedding_vector, a stored column generated from the real[] embedding (so the search
 * projection writes nothing new, and the existing chunks are converted once, at this start). Returns
 * why not when the server has no pgvector or the role may not create the extension.
 */
export const enablePgvector = async (db: Db): Promise<PgvectorStatus> => {
  if (db.kind === 'pglite') return { enabled: false, detail: 'PGlite is built without pgvector' };
  const { rows: [offered] } = await db.query<{ default_version: string }>(`SELECT default_version FROM pg_available_extensions WHERE name = 'vector'`);
  if (offered === undefined) return { enabled: false, detail: 'the server does not offer the vector extension' };
  try {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK]);
      await tx.query('CREATE EXTENSION IF NOT EXISTS vector');
      // STORAGE MAIN keeps a vector in its row (pgvector's default, EXTERNAL, moves a 384-dimension vector
      // out of line here, and reading it back made a search four times slower); one statement, one rewrite.
      const { rows } = await tx.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'search_chunks' AND column_name = 'embedding_vector' AND table_schema = current_schema()`);
      if (rows.length === 0) {
        await tx.query('ALTER TABLE search_chunks ADD COLUMN embedding_vector vector GENERATED ALWAYS AS (embedding::vector) STORED, ALTER COLUMN embedding_vector SET STORAGE MAIN');
      }
    });
  } catch (error) {
    return { enabled: false, detail: `pgvector could not be set up: ${error instanceof Error ? error.message : String(error)}` };
  }
  const { rows: [installed] } = await db.query<{ extversion: string }>(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`);
  return { enabled: true, detail: `pgvector ${installed?.extversion ?? offered.default_version}` };
};
