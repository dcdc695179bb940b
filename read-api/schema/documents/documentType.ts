import type { AiUsageSummary } from '../../../projections/search/aiUsageQueries.js';
import { documentStatuses, type DocumentView } from '../../../projections/search/documentQueries.js';
import { searchModes, type SearchHit } from '../../../projections/search/searchDocuments.js';
import { builder } from '../builder.js';

export const DocumentStatusEnum = builder.enumType('DocumentStatus', { values: documentStatuses });
export const SearchModeEnum = builder.enumType('SearchMode', {
  description: 'KEYWORD: full-text (PostgreSQL tsvector). SEMANTIC: nearest chunk embeddings (cosine). HYBRID: both, merged by reciprocal rank fusion.',
  values: searchModes,
});

type Entity = DocumentView['entities'][number];
const DocumentEntityRef = builder.objectRef<Entity>('DocumentEntity').implement({
  fields: (t) => ({ type: t.exposeString('type', { description: 'instrument, hub, market, date, price or quantity' }), value: t.exposeString('value') }),
});

const DocumentAiRef = builder.objectRef<DocumentView['ai']>('DocumentAi').implement({
  description: 'What the enrichment cost: the provider and model that answered, tokens, US dollars, milliseconds.',
  fields: (t) => ({
    provider: t.exposeString('provider', { nullable: true }),
    model: t.exposeString('model', { nullable: true }),
    embeddingModel: t.exposeString('embeddingModel', { nullable: true }),
    skippedReason: t.exposeString('skippedReason', { nullable: true, description: 'AI_BUDGET_EXCEEDED when the tenant’s budget was spent: searchable by keyword only.' }),
    promptTokens: t.exposeInt('promptTokens'),
    completionTokens: t.exposeInt('completionTokens'),
    costUsd: t.exposeFloat('costUsd'),
    latencyMs: t.exposeInt('latencyMs'),
  }),
});

const DocumentFailureRef = builder.objectRef<NonNullable<DocumentView['failure']>>('DocumentFailure').implement({
  fields: (t) => ({ step: t.exposeString('step'), code: t.exposeString('code'), reason: t.exposeString('reason') }),
});

export const DocumentRef = builder.objectRef<DocumentView>('Document').implement({
  description: 'An uploaded document and how far its processing got. Its history is the stream document-<id> (streamEvents).',
  fields: (t) => ({
    id: t.exposeID('id'),
    fileName: t.exposeString('fileName'),
    contentType: t.exposeString('contentType'),
    sizeBytes: t.exposeInt('sizeBytes'),
    sha256: t.exposeString('sha256'),
    uploadedBy: t.exposeString('uploadedBy'),
    uploadedAt: t.exposeString('uploadedAt'),
    status: t.expose('status', { type: DocumentStatusEnum }),
    characters: t.exposeInt('characters', { nullable: true }),
    pages: t.exposeInt('pages', { nullable: true }),
    summary: t.exposeString('summary', { nullable: true }),
    entities: t.field({ type: [DocumentEntityRef], resolve: (d) => d.entities }),
    instruments: t.exposeStringList('instruments'),
    ai: t.field({ type: DocumentAiRef, resolve: (d) => d.ai }),
    failure: t.field({ type: DocumentFailureRef, nullable: true, resolve: (d) => d.failure }),
    updatedAt: t.exposeString('updatedAt'),
    position: t.expose('position', { type: 'LogPosition', description: 'The log position this view reflects.' }),
  }),
});

export const SearchHitRef = builder.objectRef<SearchHit>('SearchHit').implement({
  fields: (t) => ({
    documentId: t.exposeID('documentId'),
    fileName: t.exposeString('fileName'),
    contentType: t.exposeString('contentType'),
    status: t.exposeString('status'),
    summary: t.exposeString('summary', { nullable: true }),
    instruments: t.exposeStringList('instruments'),
    uploadedAt: t.exposeString('uploadedAt'),
    score: t.exposeFloat('score', { description: 'KEYWORD: ts_rank_cd in 0..1; SEMANTIC: cosine similarity; HYBRID: the fused score.' }),
    snippet: t.exposeString('snippet', { description: 'Text around the matches, the matched words in <mark>…</mark>.' }),
    keywordRank: t.exposeInt('keywordRank', { nullable: true }),
    semanticRank: t.exposeInt('semanticRank', { nullable: true }),
  }),
});

type ModelUsage = AiUsageSummary['byModel'][number];
const AiModelUsageRef = builder.objectRef<ModelUsage>('AiModelUsage').implement({
  fields: (t) => ({
    provider: t.exposeString('provider'),
    model: t.exposeString('model'),
    calls: t.exposeInt('calls'),
    promptTokens: t.exposeInt('promptTokens'),
    completionTokens: t.exposeInt('completionTokens'),
    costUsd: t.exposeFloat('costUsd'),
  }),
});

export const AiUsageRef = builder.objectRef<AiUsageSummary>('AiUsage').implement({
  description: 'The tenant’s AI calls in a period, from the AiUsageRecorded events.',
  fields: (t) => ({
    from: t.exposeString('from'),
    to: t.exposeString('to'),
    calls: t.exposeInt('calls'),
    promptTokens: t.exposeInt('promptTokens'),
    completionTokens: t.exposeInt('completionTokens'),
    costUsd: t.exposeFloat('costUsd'),
    byModel: t.field({ type: [AiModelUsageRef], resolve: (u) => u.byModel }),
  }),
});
