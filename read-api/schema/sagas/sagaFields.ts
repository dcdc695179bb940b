import type { SagaView } from '../../../sagas/sagaView.js';
import { requirePermission } from '../../auth/authorize.js';
import { badUserInput } from '../../errors/gatewayError.js';
import { updateStream } from '../../subscriptions/updateStream.js';
import { builder } from '../builder.js';
import { consistentWith } from '../consistentWith.js';
import { SagaRef, SagaStatusEnum } from './sagaType.js';

const MAX_SAGAS = 500;

type SagaUpdate = Readonly<{ saga: SagaView; cursor: number }>;

const SagaUpdateRef = builder.objectRef<SagaUpdate>('SagaUpdate').implement({
  fields: (t) => ({
    saga: t.field({ type: SagaRef, resolve: (u) => u.saga }),
    cursor: t.expose('cursor', { type: 'LogPosition' }),
  }),
});

builder.queryFields((t) => ({
  saga: t.field({
    type: SagaRef,
    nullable: true,
    description: 'Needs saga.read (energy.admin).',
    args: { id: t.arg.id({ required: true }), consistentWith: t.arg({ type: 'LogPosition' }) },
    resolve: async (_root, args, ctx) => {
      const { tenant } = requirePermission(ctx, 'saga.read');
      await consistentWith(ctx, args.consistentWith, ['sagas']);
      return ctx.services.sagas.getSaga({ tenant, id: String(args.id) });
    },
  }),
  sagas: t.field({
    type: [SagaRef],
    description: 'The tenant’s sagas, most recently updated first. Needs saga.read.',
    args: { name: t.arg.string(), status: t.arg({ type: SagaStatusEnum }), first: t.arg.int(), consistentWith: t.arg({ type: 'LogPosition' }) },
    resolve: async (_root, args, ctx) => {
      const { tenant } = requirePermission(ctx, 'saga.read');
      const first = args.first ?? 100;
      if (first < 1 || first > MAX_SAGAS) throw badUserInput('first', `first must be between 1 and ${MAX_SAGAS}`);
      await consistentWith(ctx, args.consistentWith, ['sagas']);
      return ctx.services.sagas.listSagas({ tenant, name: args.name ?? null, status: args.status ?? null, first });
    },
  }),
}));

builder.subscriptionFields((t) => ({
  sagaUpdated: t.field({
    type: SagaUpdateRef,
    description: 'Every step of the tenant’s sagas (of one name or one instance when given), live.',
    args: { name: t.arg.string(), id: t.arg.id() },
    subscribe: (_root, args, ctx) => {
      const { tenant } = requirePermission(ctx, 'saga.read');
      const wanted = (saga: SagaView): boolean => (args.name == null || saga.name === args.name) && (args.id == null || saga.id === String(args.id));
      return updateStream<SagaUpdate>({
        after: null,
        replay: async () => [],
        listen: (push) =>
          ctx.services.changes.subscribe((change) => {
            for (const item of change.changes) if (item.kind === 'saga' && item.tenant === tenant && wanted(item.saga)) push({ saga: item.saga, cursor: item.at });
          }),
      });
    },
    resolve: (update) => update,
  }),
}));
