import type { Sql } from '../../infra/db/db.js';
import { tsQuerySql } from './searchTsQuery.js';

/** A document in one ranking; `chunk` is the chunk that matched best, null when the whole document did. */
export type RankedHit = Readonly<{ id: string; score: number; chunk: number | null }>;

/** Full-text search over search_documents' weighted tsvector (GIN), ranked by ts_rank_cd (cover density, normalised to 0..1). */
export const keywordSearch = async (sql: Sql, tenant: string, query: string, limit: number): Promise<RankedHit[]> => {
  // The query expression inline (not in a subquery), so the planner folds it and can use the GIN index.
  const { rows } = await sql.query<{ id: string; score: number }>(
    `SELECT d.document_id AS id, ts_rank_cd(d.search, ${tsQuerySql('$2')}, 32)::float8 AS score
     FROM search_documents d
     WHERE d.tenant = $1 AND d.search @@ ${tsQuerySql('$2')}
     ORDER BY score DESC, d.document_id
     LIMIT $3`,
    [tenant, query, limit],
  );
  return rows.map((row) => ({ ...row, chunk: null }));
};
