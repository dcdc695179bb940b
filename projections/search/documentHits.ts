import type { Sql } from '../../infra/db/db.js';
import { headlineOptions, tsQuerySql } from './searchTsQuery.js';

export type DocumentHitRow = Readonly<{
  id: string;
  file_name: string;
  content_type: string;
  status: string;
  summary: string | null;
  instruments: string[];
  uploaded_at: Date;
  snippet: string;
}>;

/**
 * The final hits' documents and snippets in one round trip, computed for those few only: ts_headline
 * over the chunk that matched by meaning, else over the document's text, the query's words in <mark>.
 */
export const documentHits = async (sql: Sql, tenant: string, query: string, hits: readonly Readonly<{ id: string; chunk: number | null }>[]): Promise<Map<string, DocumentHitRow>> => {
  const { rows } = await sql.query<DocumentHitRow>(
    `SELECT d.document_id AS id, d.file_name, d.content_type, d.status, d.summary, d.instruments, d.uploaded_at,
            ts_headline('english', coalesce(c.content, left(coalesce(d.body, d.summary, d.file_name), 100000)), q.query, '${headlineOptions}') AS snippet
     FROM unnest($2::text[], $3::int[]) AS h(id, chunk)
     JOIN search_documents d ON d.tenant = $1 AND d.document_id = h.id
     LEFT JOIN search_chunks c ON c.tenant = $1 AND c.document_id = h.id AND c.chunk_index = h.chunk
     CROSS JOIN (SELECT ${tsQuerySql('$4')} AS query) q`,
    [tenant, hits.map((h) => h.id), hits.map((h) => h.chunk), query],
  );
  return new Map(rows.map((row) => [row.id, row]));
};
