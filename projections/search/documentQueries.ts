import type { Sql } from '../../infra/db/db.js';

export const documentStatuses = ['UPLOADED', 'EXTRACTED', 'ENRICHED', 'INDEXED', 'FAILED'] as const;
export type DocumentStatus = (typeof documentStatuses)[number];

/** A document as the search read model holds it (its text and embeddings excluded). */
export type DocumentView = Readonly<{
  tenant: string;
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
  status: DocumentStatus;
  characters: number | null;
  pages: number | null;
  summary: string | null;
  entities: readonly Readonly<{ type: string; value: string }>[];
  instruments: readonly string[];
  ai: Readonly<{ provider: string | null; model: string | null; embeddingModel: string | null; skippedReason: string | null; promptTokens: number; completionTokens: number; costUsd: number; latencyMs: number }>;
  failure: Readonly<{ step: string; code: string; reason: string }> | null;
  updatedAt: string;
  /** The log position of the last event applied to this row (a consistency token). */
  position: number;
}>;

const columns = `tenant, document_id, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at, status, characters, pages, summary,
  entities, instruments, ai_provider, ai_model, embedding_model, ai_skipped_reason, prompt_tokens, completion_tokens, cost_usd, ai_latency_ms,
  failure_step, failure_code, failure_reason, updated_at, last_position`;

type Row = Record<string, unknown> & { uploaded_at: Date; updated_at: Date };

const toView = (r: Row): DocumentView => ({
  tenant: String(r['tenant']),
  id: String(r['document_id']),
  fileName: String(r['file_name']),
  contentType: String(r['content_type']),
  sizeBytes: Number(r['size_bytes']),
  sha256: String(r['sha256']),
  uploadedBy: String(r['uploaded_by']),
  uploadedAt: r.uploaded_at.toISOString(),
  status: r['status'] as DocumentStatus,
  characters: r['characters'] === null ? null : Number(r['characters']),
  pages: r['pages'] === null ? null : Number(r['pages']),
  summary: (r['summary'] as string | null) ?? null,
  entities: r['entities'] as DocumentView['entities'],
  instruments: r['instruments'] as string[],
  ai: {
    provider: (r['ai_provider'] as string | null) ?? null,
    model: (r['ai_model'] as string | null) ?? null,
    embeddingModel: (r['embedding_model'] as string | null) ?? null,
    skippedReason: (r['ai_skipped_reason'] as string | null) ?? null,
    promptTokens: Number(r['prompt_tokens']),
    completionTokens: Number(r['completion_tokens']),
    costUsd: Number(r['cost_usd']),
    latencyMs: Number(r['ai_latency_ms']),
  },
  failure: r['failure_step'] === null ? null : { step: String(r['failure_step']), code: String(r['failure_code']), reason: String(r['failure_reason']) },
  updatedAt: r.updated_at.toISOString(),
  position: Number(r['last_position']),
});

export const getDocument = async (sql: Sql, { tenant, id }: Readonly<{ tenant: string; id: string }>): Promise<DocumentView | null> => {
  const { rows } = await sql.query<Row>(`SELECT ${columns} FROM search_documents WHERE tenant = $1 AND document_id = $2`, [tenant, id]);
  return rows[0] ? toView(rows[0]) : null;
};

export type DocumentFilter = Readonly<{ tenant: string; status?: DocumentStatus | null; instrument?: string | null; first?: number }>;

/** The tenant's documents, newest upload first, optionally of one status or mentioning one instrument. */
export const listDocuments = async (sql: Sql, { tenant, status = null, instrument = null, first = 50 }: DocumentFilter): Promise<DocumentView[]> => {
  const { rows } = await sql.query<Row>(
    `SELECT ${columns} FROM search_documents
     WHERE tenant = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR $3 = ANY(instruments))
     ORDER BY uploaded_at DESC, document_id DESC LIMIT $4`,
    [tenant, status, instrument, first],
  );
  return rows.map(toView);
};

/** The tenant's documents whose processing ended (indexed or failed) at a log position past `after`, in log order. */
export const processedDocumentsAfter = async (
  sql: Sql,
  { tenant, documentId = null, after, limit }: Readonly<{ tenant: string; documentId?: string | null; after: number; limit: number }>,
): Promise<DocumentView[]> => {
  const { rows } = await sql.query<Row>(
    `SELECT ${columns} FROM search_documents
     WHERE tenant = $1 AND ($2::text IS NULL OR document_id = $2) AND status IN ('INDEXED', 'FAILED') AND last_position > $3
     ORDER BY last_position LIMIT $4`,
    [tenant, documentId, after, limit],
  );
  return rows.map(toView);
};
