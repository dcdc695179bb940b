import type { RecordedEvent } from '../../commands/eventStore.js';
import { parseDocumentEvent, type DocumentEvent } from '../../domain/documents/events.js';
import { assertNever } from '../../domain/shared/domainError.js';
import type { Sql } from '../../infra/db/db.js';
import type { ChangeItem } from '../changeFeed.js';
import type { Projection } from '../projection.js';

export const documentEventTypes = ['DocumentUploaded', 'TextExtracted', 'DocumentEnriched', 'DocumentIndexed', 'DocumentProcessingFailed', 'AiUsageRecorded'] as const;

type Context = Readonly<{ tenant: string; position: number; at: string }>;

/** The weighted tsvector of a row: file name A, summary B, text C (its first 300,000 characters). */
const searchVector = `setweight(to_tsvector('english', file_name), 'A') || setweight(to_tsvector('english', coalesce(summary, '')), 'B')
  || setweight(to_tsvector('english', left(coalesce(body, ''), 300000)), 'C')`;

const setStatus = (tx: Sql, { tenant, position, at }: Context, documentId: string, status: string, extra = '', params: readonly unknown[] = []) =>
  tx.query(`UPDATE search_documents SET status = $4, updated_at = $5, last_position = $3${extra} WHERE tenant = $1 AND document_id = $2`, [tenant, documentId, position, status, at, ...params]);

const setSearchVector = (tx: Sql, tenant: string, documentId: string) =>
  tx.query(`UPDATE search_documents SET search = ${searchVector} WHERE tenant = $1 AND document_id = $2`, [tenant, documentId]);

const applyEvent = async (tx: Sql, event: DocumentEvent, context: Context): Promise<void> => {
  const { tenant, position, at } = context;
  switch (event.type) {
    case 'DocumentUploaded': {
      const d = event.data;
      await tx.query(
        `INSERT INTO search_documents (tenant, document_id, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at, status, updated_at, last_position, search)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'UPLOADED', $8, $9, setweight(to_tsvector('english', $3), 'A')) ON CONFLICT (tenant, document_id) DO NOTHING`,
        [tenant, d.documentId, d.fileName, d.contentType, d.sizeBytes, d.sha256, d.uploadedBy, d.uploadedAt, position],
      );
      return;
    }
    case 'TextExtracted':
      await setStatus(tx, context, event.data.documentId, 'EXTRACTED', ', body = $6, characters = $7, pages = $8', [event.data.text, event.data.characters, event.data.pages]);
      await setSearchVector(tx, tenant, event.data.documentId);
      return;
    case 'DocumentEnriched': {
      const d = event.data;
      await setStatus(
        tx, context, d.documentId, 'ENRICHED',
        `, summary = $6, entities = $7::jsonb, instruments = $8::text[], embedding_model = $9, ai_skipped_reason = $10, ai_provider = $11, ai_model = $12,
           prompt_tokens = $13, completion_tokens = $14, cost_usd = $15, ai_latency_ms = $16`,
        [d.summary, JSON.stringify(d.entities), d.instruments, d.embeddingModel, d.aiSkippedReason, d.provider, d.model, d.promptTokens, d.completionTokens, d.costUsd, d.latencyMs],
      );
      await setSearchVector(tx, tenant, d.documentId);
      await tx.query('DELETE FROM search_chunks WHERE tenant = $1 AND document_id = $2', [tenant, d.documentId]);
      if (d.embeddingModel === null || d.chunks.length === 0) return;
      await tx.query(
        `INSERT INTO search_chunks (tenant, document_id, chunk_index, start_offset, end_offset, content, embedding_model, embedding)
         SELECT $1, $2, c.index, c.start, c."end", substr(coalesce(doc.body, ''), c.start + 1, c."end" - c.start), $3,
                ARRAY(SELECT jsonb_array_elements_text(c.embedding)::real)
         FROM jsonb_to_recordset($4::jsonb) AS c(index int, start int, "end" int, embedding jsonb)
         JOIN search_documents doc ON doc.tenant = $1 AND doc.document_id = $2`,
        [tenant, d.documentId, d.embeddingModel, JSON.stringify(d.chunks)],
      );
      return;
    }
    case 'DocumentIndexed':
      await setStatus(tx, context, event.data.documentId, 'INDEXED');
      return;
    case 'DocumentProcessingFailed':
      await setStatus(tx, context, event.data.documentId, 'FAILED', ', failure_step = $6, failure_code = $7, failure_reason = $8', [event.data.step, event.data.code, event.data.reason]);
      return;
    case 'AiUsageRecorded': {
      const u = event.data;
      await tx.query(
        `INSERT INTO ai_usage (position, tenant, document_id, purpose, provider, model, operation, prompt_tokens, completion_tokens, cost_usd, latency_ms, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (position) DO NOTHING`,
        [position, tenant, u.documentId, u.purpose, u.provider, u.model, u.operation, u.promptTokens, u.completionTokens, u.costUsd, u.latencyMs, u.recordedAt],
      );
      return;
    }
    default:
      assertNever(event);
  }
};

/** The search read model (search_documents, search_chunks) and the AI usage ledger (ai_usage). */
export const searchProjection: Projection = {
  name: 'search',
  version: 1,
  eventTypes: documentEventTypes,
  apply: async (tx, events: readonly RecordedEvent[]) => {
    const ended: ChangeItem[] = [];
    for (const recorded of events) {
      const event = parseDocumentEvent(recorded);
      if (event === null) continue;
      const { metadata: { tenant }, position } = recorded;
      await applyEvent(tx, event, { tenant, position, at: recorded.recordedAt });
      if (event.type === 'DocumentIndexed' || event.type === 'DocumentProcessingFailed') {
        ended.push({ kind: 'document', tenant, at: position, documentId: event.data.documentId, status: event.type === 'DocumentIndexed' ? 'INDEXED' : 'FAILED' });
      }
    }
    return ended; // documentProcessed subscribers learn of each document whose processing ended
  },
  tables: ['search_documents', 'search_chunks', 'ai_usage'],
};
