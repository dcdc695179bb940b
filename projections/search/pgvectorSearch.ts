import type { SemanticSearch } from './semanticSearch.js';

/**
 * Nearest chunks by pgvector's cosine distance (`<=>`) over search_chunks.embedding_vector (a column
 * generated from the real[] embedding, added at start when the server has pgvector, see
 * infra/db/pgvector.ts); a document scores its best chunk's cosine similarity. Exact: every chunk of the
 * tenant and model is compared, with the distance computed in C.
 */
export const pgvectorSearch: SemanticSearch = async (sql, tenant, _query, embedding, limit) => {
  if (!embedding.vector.some((x) => x !== 0)) return []; // no direction: every cosine would be NaN
  // A stored zero vector's cosine is NaN (which PostgreSQL sorts above every number): left out.
  const { rows } = await sql.query<{ id: string; score: number; chunk: number }>(
    `SELECT id, score, chunk FROM (
       SELECT DISTINCT ON (document_id) document_id AS id, chunk_index AS chunk, 1 - (embedding_vector <=> $3::real[]::vector) AS score
       FROM search_chunks WHERE tenant = $1 AND embedding_model = $2 AND vector_dims(embedding_vector) = $5
       ORDER BY document_id, score DESC, chunk_index) best
     WHERE score > 0 AND score <> 'NaN' ORDER BY score DESC, id LIMIT $4`,
    [tenant, embedding.model, embedding.vector, limit, embedding.vector.length],
  );
  return rows.map((row) => ({ id: row.id, score: Number(row.score), chunk: row.chunk }));
};
