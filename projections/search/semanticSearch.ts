import type { Sql } from '../../infra/db/db.js';
import type { RankedHit } from './keywordSearch.js';
import { headlineOptions, tsQuerySql } from './searchTsQuery.js';

export type QueryEmbedding = Readonly<{ vector: readonly number[]; model: string }>;

/**
 * Nearest chunks by cosine similarity (the dot product of unit vectors, ll_dot in the database) among
 * the tenant's chunks embedded by the same model; a document scores its best chunk, which is also its
 * snippet (with any words of the query marked).
 */
export const semanticSearch = async (sql: Sql, tenant: string, query: string, embedding: QueryEmbedding, limit: number, { minScore = 0 } = {}): Promise<RankedHit[]> => {
  const { rows } = await sql.query<{ id: string; score: number; snippet: string }>(
    `WITH scored AS (
       SELECT document_id, content, ll_dot(embedding, $3::real[]) AS score
       FROM search_chunks WHERE tenant = $1 AND embedding_model = $2),
     best AS (
       SELECT DISTINCT ON (document_id) document_id, content, score FROM scored WHERE score > $5
       ORDER BY document_id, score DESC),
     top AS (SELECT * FROM best ORDER BY score DESC, document_id LIMIT $4)
     SELECT document_id AS id, score::float8 AS score, ts_headline('english', content, ${tsQuerySql('$6')}, '${headlineOptions}') AS snippet
     FROM top ORDER BY score DESC, document_id`,
    [tenant, embedding.model, embedding.vector, limit, minScore, query],
  );
  return rows;
};
