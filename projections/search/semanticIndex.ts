import type { Sql } from '../../infra/db/db.js';
import type { RankedHit } from './keywordSearch.js';
import type { SemanticSearch } from './semanticSearch.js';

type Vectors = { documentIds: string[]; chunkIndexes: number[]; matrix: Float32Array; dimensions: number };
type TenantModel = { position: number; chunks: Map<string, { index: number; vector: Float32Array }[]>; packed: Vectors | null };

export type SemanticIndex = Readonly<{
  /** Like semanticSearch, but the cosines are computed in process over a cached matrix of the tenant's chunk embeddings. */
  search: SemanticSearch;
}>;

const parseVector = (text: string): Float32Array => Float32Array.from(text.split(','), Number);

/** Brings the cache up to date: reloads the chunks of the documents changed since it was last read. */
const refresh = async (sql: Sql, tenant: string, model: string, entry: TenantModel): Promise<void> => {
  const { rows: [head] } = await sql.query<{ position: string | null }>('SELECT max(last_position) AS position FROM search_documents WHERE tenant = $1', [tenant]);
  const position = Number(head?.position ?? 0);
  if (position <= entry.position) return;
  const { rows } = await sql.query<{ document_id: string; chunk_index: number; e: string }>(
    `SELECT c.document_id, c.chunk_index, array_to_string(c.embedding, ',') AS e
     FROM search_documents d JOIN search_chunks c ON c.tenant = d.tenant AND c.document_id = d.document_id AND c.embedding_model = $3
     WHERE d.tenant = $1 AND d.last_position > $2`,
    [tenant, entry.position, model],
  );
  const { rows: changed } = await sql.query<{ document_id: string }>('SELECT document_id FROM search_documents WHERE tenant = $1 AND last_position > $2', [tenant, entry.position]);
  for (const { document_id } of changed) entry.chunks.delete(document_id);
  for (const row of rows) {
    const list = entry.chunks.get(row.document_id) ?? [];
    list.push({ index: row.chunk_index, vector: parseVector(row.e) });
    entry.chunks.set(row.document_id, list);
  }
  entry.position = position;
  entry.packed = null;
};

const pack = (entry: TenantModel): Vectors => {
  if (entry.packed) return entry.packed;
  const all = [...entry.chunks.entries()].flatMap(([documentId, list]) => list.map((chunk) => ({ documentId, ...chunk })));
  const dimensions = all[0]?.vector.length ?? 0;
  const matrix = new Float32Array(all.length * dimensions);
  all.forEach((chunk, row) => matrix.set(chunk.vector.subarray(0, dimensions), row * dimensions));
  entry.packed = { documentIds: all.map((c) => c.documentId), chunkIndexes: all.map((c) => c.index), matrix, dimensions };
  return entry.packed;
};

type Scored = readonly [string, { score: number; chunk: number }];
const before = ([a, x]: Scored, [b, y]: Scored): boolean => x.score > y.score || (x.score === y.score && a < b);

/** The `limit` best entries, best first, without sorting them all (the index holds thousands, a page is ten). */
const topK = (entries: ReadonlyMap<string, { score: number; chunk: number }>, limit: number): Scored[] => {
  const top: Scored[] = [];
  for (const entry of entries) {
    if (top.length === limit && !before(entry, top[limit - 1]!)) continue;
    let at = top.length;
    while (at > 0 && before(entry, top[at - 1]!)) at--;
    top.splice(at, 0, entry);
    if (top.length > limit) top.pop();
  }
  return top;
};

/** Each document's best chunk by dot product (= cosine, the vectors are unit length), the top `limit` documents. */
const nearest = ({ documentIds, chunkIndexes, matrix, dimensions }: Vectors, query: readonly number[], limit: number) => {
  if (query.length !== dimensions) return [];
  const q = Float32Array.from(query);
  const best = new Map<string, { score: number; chunk: number }>();
  const scores = new Float32Array(documentIds.length);
  for (let row = 0, offset = 0; row < scores.length; row++, offset += dimensions) {
    let score = 0;
    for (let i = 0; i < dimensions; i++) score += matrix[offset + i]! * q[i]!; // in bounds: the matrix is rows × dimensions
    scores[row] = score;
  }
  for (let row = 0; row < scores.length; row++) {
    const score = scores[row]!;
    if (score <= 0) continue;
    const id = documentIds[row]!;
    if (score > (best.get(id)?.score ?? Number.NEGATIVE_INFINITY)) best.set(id, { score, chunk: chunkIndexes[row]! });
  }
  return topK(best, limit);
};

/**
 * The in-process semantic index: at 10,000 documents the database computes cosines (unnest over real[])
 * in seconds, this in milliseconds. The cache is per tenant and embedding model, brought up to date
 * before each search from the documents whose last_position moved.
 */
export const createSemanticIndex = (): SemanticIndex => {
  const entries = new Map<string, TenantModel>();
  return {
    search: async (sql, tenant, _query, embedding, limit) => {
      const key = `${tenant}\n${embedding.model}`;
      const entry = entries.get(key) ?? { position: 0, chunks: new Map(), packed: null };
      entries.set(key, entry);
      await refresh(sql, tenant, embedding.model, entry);
      return nearest(pack(entry), embedding.vector, limit).map(([id, { score, chunk }]) => ({ id, score, chunk }));
    },
  };
};
