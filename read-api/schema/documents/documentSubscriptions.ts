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
    description: 'Each of the tenant’s documents (or the one given) whose processing ended, indexed or failed, live.',
    args: { id: t.arg.id() },
    subscribe: (_root, args, ctx) => {
      const tenant = documentReader(callerContext(ctx));
      const services = documentServicesOf(ctx);
      return updateStream<DocumentProcessed>({
        after: null,
        replay: async () => [],
        listen: (push) =>
          services.onProcessed((processed) => {
            if (processed.tenant !== tenant || (args.id != null && processed.documentId !== String(args.id))) return;
            void services.getDocument({ tenant, id: processed.documentId }).then((document) => {
              if (document !== null) push({ document, cursor: document.position });
            });
          }),
      });
    },
    resolve: (update) => update,
  }),
}));
