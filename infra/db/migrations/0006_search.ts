import type { Knex } from 'knex';

/**
 * The document search read model. `search_documents` holds one row per document with a weighted
 * tsvector (file name A, summary B, text C; the text's first 300,000 characters) under a GIN index,
 * written by the projection when the text or the summary change (not a generated column, which
 * PostgreSQL would recompute on every status update).
 * `search_chunks` holds each chunk's text and embedding (real[], compared with ll_dot: the embeddings
 * are unit vectors, so the dot product is the cosine) and the model that made it: only embeddings of
 * the same model are compared. `ai_usage` keeps every AI call per tenant, for accounting and budgets.
 */
export const up = async (knex: Knex): Promise<void> => {
  await knex.raw(`
    CREATE TABLE search_documents (
      tenant            text        NOT NULL,
      document_id       text        NOT NULL,
      file_name         text        NOT NULL,
      content_type      text        NOT NULL,
      size_bytes        bigint      NOT NULL,
      sha256            text        NOT NULL,
      uploaded_by       text        NOT NULL,
      uploaded_at       timestamptz NOT NULL,
      status            text        NOT NULL CHECK (status IN ('UPLOADED', 'EXTRACTED', 'ENRICHED', 'INDEXED', 'FAILED')),
      body              text,
      characters        int,
      pages             int,
      summary           text,
      entities          jsonb       NOT NULL DEFAULT '[]',
      instruments       text[]      NOT NULL DEFAULT '{}',
      embedding_model   text,
      ai_skipped_reason text,
      ai_provider       text,
      ai_model          text,
      prompt_tokens     int         NOT NULL DEFAULT 0,
      completion_tokens int         NOT NULL DEFAULT 0,
      cost_usd          double precision NOT NULL DEFAULT 0,
      ai_latency_ms     int         NOT NULL DEFAULT 0,
      failure_step      text,
      failure_code      text,
      failure_reason    text,
      updated_at        timestamptz NOT NULL,
      last_position     bigint      NOT NULL,
      search            tsvector    NOT NULL,
      PRIMARY KEY (tenant, document_id)
    );
    CREATE INDEX search_documents_search ON search_documents USING GIN (search);
    CREATE INDEX search_documents_tenant_uploaded ON search_documents (tenant, uploaded_at DESC, document_id DESC);
    CREATE INDEX search_documents_tenant_position ON search_documents (tenant, last_position);
    CREATE TABLE search_chunks (
      tenant          text    NOT NULL,
      document_id     text    NOT NULL,
      chunk_index     int     NOT NULL,
      start_offset    int     NOT NULL,
      end_offset      int     NOT NULL,
      content         text    NOT NULL,
      embedding_model text    NOT NULL,
      embedding       real[]  NOT NULL,
      PRIMARY KEY (tenant, document_id, chunk_index)
    );
    CREATE INDEX search_chunks_tenant_model ON search_chunks (tenant, embedding_model);
    CREATE TABLE ai_usage (
      position          bigint           PRIMARY KEY,
      tenant            text             NOT NULL,
      document_id       text,
      purpose           text             NOT NULL,
      provider          text             NOT NULL,
      model             text             NOT NULL,
      operation         text             NOT NULL,
      prompt_tokens     int              NOT NULL,
      completion_tokens int              NOT NULL,
      cost_usd          double precision NOT NULL,
      latency_ms        int              NOT NULL,
      recorded_at       timestamptz      NOT NULL
    );
    CREATE INDEX ai_usage_tenant_recorded ON ai_usage (tenant, recorded_at);
    CREATE FUNCTION ll_dot(a real[], b real[]) RETURNS double precision
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS 'SELECT sum(x::double precision * y) FROM unnest(a, b) AS t(x, y)';
  `);
};

export const down = async (knex: Knex): Promise<void> => {
  await knex.raw('DROP FUNCTION ll_dot(real[], real[]); DROP TABLE ai_usage; DROP TABLE search_chunks; DROP TABLE search_documents;');
};
