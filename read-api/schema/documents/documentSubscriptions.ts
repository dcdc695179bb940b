import type { DocumentView } from '../../../projections/search/documentQueries.js';
import { callerContext } from '../../auth/authorize.js';
import { updateStream } from '../../subscriptions/updateStream.js';
import { builder } from '../builder.js';
import { documentReader, documentServicesOf } from './documentServices.js';
import { DocumentRef } from './documentType.js';

type DocumentProcessed = Readonly<{ document: DocumentView; cursor: number }>;

const DocumentProcessedRef = builder.objectRef<DocumentProcessed>('DocumentProcessed').implement({
  fields: (t) => ({
    document: t.field({ type: DocumentRef, resolve: (u) => u.document }),
    cursor: t.expose('cursor', { type: 'LogPosition' }),
  }),
});

builder.subscriptionFields((t) => ({
  documentProcessed: t.field({
    type: DocumentProcessedRef,
    description: 'Each of the tenant’s documents (or the one given) whose processing ended, indexed or failed; with `after` (a cursor), those that ended since, first.',
    args: { id: t.arg.id(), after: t.arg({ type: 'LogPosition' }) },
    subscribe: (_root, args, ctx) => {
      const tenant = documentReader(callerContext(ctx));
      const services = documentServicesOf(ctx);
      const documentId = args.id == null ? null : String(args.id);
      return updateStream<DocumentProcessed>({
        after: args.after ?? null,
        replay: async (after, limit) => (await services.processedAfter({ tenant, documentId, after, limit })).map((document) => ({ document, cursor: document.position })),
        listen: (push) =>
          ctx.services.changes.subscribe((change) => {
            for (const item of change.changes) {
              if (item.kind !== 'document' || item.tenant !== tenant || (documentId !== null && item.documentId !== documentId)) continue;
              // The row as the read model holds it now; the cursor is where its processing ended.
              void services.getDocument({ tenant, id: item.documentId }).then((document) => {
                if (document !== null) push({ document, cursor: item.at });
              });
            }
          }),
      });
    },
    resolve: (update) => update,
  }),
}));
