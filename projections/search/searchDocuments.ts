import type { Sql } from '../../infra/db/db.js';
import { documentHits } from './documentHits.js';
import { keywordSearch } from './keywordSearch.js';
import { reciprocalRankFusion } from './reciprocalRankFusion.js';
import { semanticSearch, type QueryEmbedding, type SemanticSearch } from './semanticSearch.js';

export const searchModes = ['KEYWORD', 'SEMANTIC', 'HYBRID'] as const;
export type SearchMode = (typeof searchModes)[number];

export type SearchRequest = Readonly<{ tenant: string; query: string; mode: SearchMode; first?: number }>;

export type SearchHit = Readonly<{
  documentId: string;
  fileName: string;
  contentType: string;
  status: string;
  summary: string | null;
  instruments: readonly string[];
  uploadedAt: string;
  /** KEYWORD: ts_rank_cd (0..1); SEMANTIC: cosine similarity; HYBRID: the reciprocal rank fusion score. */
  score: number;
  /** Text around the matches, matched words in <mark>…</mark>. */
  snippet: string;
  keywordRank: number | null;
  semanticRank: number | null;
}>;

/** Embeds the query text with the model the documents were embedded with (the AI port, in the caller); null: it cannot, rank without meaning. */
export type EmbedQuery = (text: string) => Promise<QueryEmbedding | null>;

export const MAX_FIRST = 100;
const HYBRID_CANDIDATES = 50;

/**
 * Searches one tenant's documents. KEYWORD is full-text search, SEMANTIC the nearest chunk embeddings,
 * HYBRID both merged by reciprocal rank fusion (each list's top 50 candidates). `semantic` computes the
 * cosines: pgvector, the in-process index, or (by default) plain SQL over real[].
 */
export const searchDocuments = async (sql: Sql, embedQuery: EmbedQuery, { tenant, query, mode, first = 10 }: SearchRequest, { semantic: nearest = semanticSearch }: Readonly<{ semantic?: SemanticSearch }> = {}): Promise<SearchHit[]> => {
  const limit = Math.max(1, Math.min(MAX_FIRST, Math.floor(first)));
  if (query.trim() === '') return [];
  const candidates = mode === 'HYBRID' ? Math.max(limit, HYBRID_CANDIDATES) : limit;
  const [keyword, semantic] = await Promise.all([
    mode === 'SEMANTIC' ? [] : keywordSearch(sql, tenant, query, candidates),
    mode === 'KEYWORD' ? [] : embedQuery(query).then((embedding) => (embedding === null ? [] : nearest(sql, tenant, query, embedding, candidates))),
  ]);
  const [keywordHits, semanticHits] = [new Map(keyword.map((h) => [h.id, h])), new Map(semantic.map((h) => [h.id, h]))];
  const fused = reciprocalRankFusion([keyword, semantic]).slice(0, limit);
  // Snippets for the final hits only: around the words in the text, else around the chunk that matched by meaning.
  const chosen = fused.map(({ id }) => ({ id, chunk: keywordHits.has(id) ? null : (semanticHits.get(id)?.chunk ?? null) }));
  const documents = await documentHits(sql, tenant, query, chosen);
  return fused.flatMap(({ id, score, ranks: [keywordRank = null, semanticRank = null] }) => {
    const row = documents.get(id);
    if (row === undefined) return [];
    return [{
      documentId: id,
      fileName: row.file_name,
      contentType: row.content_type,
      status: row.status,
      summary: row.summary,
      instruments: row.instruments,
      uploadedAt: row.uploaded_at.toISOString(),
      score: mode === 'HYBRID' ? score : ((keywordHits.get(id) ?? semanticHits.get(id))?.score ?? 0),
      snippet: row.snippet,
      keywordRank,
      semanticRank,
    }];
  });
};
