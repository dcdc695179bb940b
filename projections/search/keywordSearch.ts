import type { Sql } from '../../infra/db/db.js';
import { headlineOptions, tsQuerySql } from './searchTsQuery.js';

export type RankedHit = Readonly<{ id: string; score: number; snippet: string }>;

/**
 * Full-text search over search_documents' weighted tsvector (GIN), ranked by ts_rank_cd (cover
 * density, normalised to 0..1); the snippet is ts_headline with the matches in <mark>.
 */
export const keywordSearch = async (sql: Sql, tenant: string, query: string, limit: number): Promise<RankedHit[]> => {
  const { rows } = await sql.query<{ id: string; score: number; snippet: string }>(
    `WITH q AS (SELECT ${tsQuerySql('$2')} AS query),
     hits AS (
       SELECT d.document_id, ts_rank_cd(d.search, q.query, 32) AS score, coalesce(d.body, d.summary, d.file_name) AS text, q.query
       FROM search_documents d, q
       WHERE d.tenant = $1 AND d.search @@ q.query
       ORDER BY score DESC, d.document_id
       LIMIT $3)
     SELECT document_id AS id, score::float8 AS score, ts_headline('english', left(text, 100000), query, '${headlineOptions}') AS snippet
     FROM hits ORDER BY score DESC, document_id`,
    [tenant, query, limit],
  );
  return rows;
};
