import { documentError } from '../../../domain/documents/documentError.js';
import { monthOf } from '../../../projections/search/aiUsageQueries.js';
import { MAX_FIRST } from '../../../projections/search/searchDocuments.js';
import { callerContext } from '../../auth/authorize.js';
import type { GraphQLContext } from '../../context.js';
import { badUserInput } from '../../errors/gatewayError.js';
import { builder } from '../builder.js';
import { documentReader, documentServicesOf } from './documentServices.js';
import { AiUsageRef, DocumentRef, DocumentStatusEnum, SearchHitRef, SearchModeEnum } from './documentType.js';
import { asUpload } from './fileScalar.js';

const MAX_DOCUMENTS = 500;

const readable = async (ctx: GraphQLContext, consistentWith: number | null | undefined) => {
  const tenant = documentReader(callerContext(ctx));
  const services = documentServicesOf(ctx);
  if (consistentWith) await services.waitFor(consistentWith, ctx.signal ? { timeoutMs: ctx.services.consistencyTimeoutMs, signal: ctx.signal } : { timeoutMs: ctx.services.consistencyTimeoutMs });
  return { tenant, services };
};

const periodOf = (period: string | null | undefined): { from: Date; to: Date } => {
  if (period == null) return monthOf(new Date());
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw badUserInput('period', 'period is a month, YYYY-MM');
  return monthOf(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
};

builder.queryFields((t) => ({
  document: t.field({
    type: DocumentRef,
    nullable: true,
    description: 'A document of the caller’s tenant with its processing status. Every user role may read.',
    args: { id: t.arg.id({ required: true }), consistentWith: t.arg({ type: 'LogPosition' }) },
    resolve: async (_root, args, ctx) => {
      const { tenant, services } = await readable(ctx, args.consistentWith);
      return services.getDocument({ tenant, id: String(args.id) });
    },
  }),
  documents: t.field({
    type: [DocumentRef],
    description: 'The tenant’s documents, newest first; of one status or mentioning one instrument when given.',
    args: { status: t.arg({ type: DocumentStatusEnum }), instrument: t.arg.string(), first: t.arg.int(), consistentWith: t.arg({ type: 'LogPosition' }) },
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? 50;
      if (first < 1 || first > MAX_DOCUMENTS) throw badUserInput('first', `first must be between 1 and ${MAX_DOCUMENTS}`);
      const { tenant, services } = await readable(ctx, args.consistentWith);
      return services.listDocuments({ tenant, status: args.status ?? null, instrument: args.instrument ?? null, first });
    },
  }),
  searchDocuments: t.field({
    type: [SearchHitRef],
    description: 'Searches the tenant’s documents; best first, with scores and highlighted snippets.',
    args: { query: t.arg.string({ required: true }), mode: t.arg({ type: SearchModeEnum, defaultValue: 'HYBRID' }), first: t.arg.int({ defaultValue: 10 }) },
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? 10;
      if (first < 1 || first > MAX_FIRST) throw badUserInput('first', `first must be between 1 and ${MAX_FIRST}`);
      if (args.query.length > 1000) throw badUserInput('query', 'query is at most 1000 characters');
      const { tenant, services } = await readable(ctx, null);
      return services.search({ tenant, query: args.query, mode: args.mode ?? 'HYBRID', first }, callerContext(ctx));
    },
  }),
  aiUsage: t.field({
    type: AiUsageRef,
    description: 'The tenant’s AI calls, tokens and cost in a month (YYYY-MM, default the current one, UTC).',
    args: { period: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const { tenant, services } = await readable(ctx, null);
      return services.aiUsage({ tenant, ...periodOf(args.period) });
    },
  }),
}));

const UploadPayloadRef = builder.objectRef<{ documentId: string; duplicate: boolean; contentType: string; sha256: string; sizeBytes: number; position: number }>('UploadDocumentPayload').implement({
  fields: (t) => ({
    documentId: t.exposeID('documentId'),
    duplicate: t.exposeBoolean('duplicate', { description: 'true when the tenant had uploaded these bytes before: the same document.' }),
    contentType: t.exposeString('contentType'),
    sha256: t.exposeString('sha256'),
    sizeBytes: t.exposeInt('sizeBytes'),
    position: t.expose('position', { type: 'LogPosition', description: 'A consistency token for document(id, consistentWith).' }),
  }),
});

builder.mutationFields((t) => ({
  uploadDocument: t.field({
    type: UploadPayloadRef,
    description: 'Uploads a document (PDF, text, Markdown, HTML or CSV; UPLOAD_MAX_BYTES, 25 MB by default) as a GraphQL multipart request. Processing follows in the background.',
    args: { file: t.arg({ type: 'File', required: true }), fileName: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const file = asUpload(args.file);
      if (file === null) throw badUserInput('file', 'file must be a multipart file part');
      const services = documentServicesOf(ctx);
      if (file.size > services.maxUploadBytes) throw documentError('DOCUMENT_TOO_LARGE', `The document is ${file.size} bytes; at most ${services.maxUploadBytes} are allowed`, { sizeBytes: file.size, maxBytes: services.maxUploadBytes });
      const bytes = new Uint8Array(await file.arrayBuffer());
      return services.upload({ fileName: args.fileName ?? file.name, contentType: file.type || null, bytes }, callerContext(ctx));
    },
  }),
}));
