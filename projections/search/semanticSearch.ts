import type { Sql } from '../../infra/db/db.js';
import type { RankedHit } from './keywordSearch.js';

export type QueryEmbedding = Readonly<{ vector: readonly number[]; model: string }>;

/** The nearest documents to a query's embedding among the tenant's chunks embedded by the same model, best first. */
export type SemanticSearch = (sql: Sql, tenant: string, query: string, embedding: QueryEmbedding, limit: number) => Promise<RankedHit[]>;

/**
 * Nearest chunks by cosine similarity computed in the database (ll_dot: the dot product of unit
 * vectors) among the tenant's chunks embedded by the same model; a document scores its best chunk.
 * Simple, and slow at 10,000 documents: the gateway uses pgvector or the in-process semanticIndex instead.
 */
export const semanticSearch: SemanticSearch = async (sql, tenant, _query, embedding, limit) => {
  const { rows } = await sql.query<{ id: string; score: number; chunk: number }>(
    `SELECT id, score, chunk FROM (
       SELECT DISTINCT ON (document_id) document_id AS id, chunk_index AS chunk, ll_dot(embedding, $3::real[]) AS score
       FROM search_chunks WHERE tenant = $1 AND embedding_model = $2
       ORDER BY document_id, score DESC, chunk_index) best
     WHERE score > 0 ORDER BY score DESC, id LIMIT $4`,
    [tenant, embedding.model, embedding.vector, limit],
  );
  return rows;
};
