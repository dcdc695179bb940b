import { callerContext, requirePermission } from '../../auth/authorize.js';
import type { GraphQLContext } from '../../context.js';
import { badUserInput } from '../../errors/gatewayError.js';
import { builder } from '../builder.js';
import { consistentWith } from '../consistentWith.js';
import { syncServices } from './syncServiceOf.js';
import type { SyncCommandOutcome, SyncConflictDetection } from './syncServices.js';
import { SyncConflictRef, SyncConflictStatusEnum, SyncRecordRef, SyncResolutionEnum } from './syncTypes.js';

const MAX_CONFLICTS = 1000;

const RecordExternalChangeInput = builder.inputType('RecordExternalChangeInput', {
  fields: (t) => ({
    entityType: t.string({ required: true, description: 'Picks the strategy (SYNC_STRATEGIES), e.g. counterparty.' }),
    entityId: t.string({ required: true }),
    source: t.string({ required: true, description: 'The system that changed the record, e.g. kb.' }),
    baseVersion: t.int({ required: true, description: 'The record version the change was made on (0: none).' }),
    changedAt: t.string({ required: true, description: 'ISO 8601, with an offset.' }),
    fields: t.field({ type: 'JSON', required: true, description: 'The changed fields and their new values, as one JSON object.' }),
    changeId: t.string({ description: 'Makes a repeated report a no-op; default source@baseVersion@changedAt.' }),
  }),
});

const SyncResolutionInput = builder.inputType('SyncResolutionInput', {
  fields: (t) => ({
    choice: t.field({ type: SyncResolutionEnum, required: true }),
    fields: t.field({ type: 'JSON', description: 'MERGED: the values to apply, as one JSON object.' }),
    note: t.string(),
  }),
});

const SyncChangePayload = builder.objectRef<SyncCommandOutcome>('SyncChangePayload').implement({
  fields: (t) => ({
    entityType: t.exposeString('entityType'),
    entityId: t.exposeString('entityId'),
    version: t.exposeInt('recordVersion', { nullable: true, description: "The record's version after the command (null when it changed nothing)." }),
    conflictId: t.exposeID('conflictId', { nullable: true, description: 'The conflict the change caused or the resolution settled.' }),
    appended: t.exposeBoolean('appended', { description: 'false when the command changed nothing (a repeat).' }),
    consistencyToken: t.expose('position', { type: 'LogPosition' }),
    conflict: t.field({
      type: SyncConflictRef,
      nullable: true,
      resolve: async (r, _args, ctx) => {
        if (r.conflictId === null) return null;
        await consistentWith(ctx, r.position, ['sync']);
        return syncServices(ctx).getConflict({ tenant: callerContext(ctx).tenant, id: r.conflictId });
      },
    }),
    record: t.field({
      type: SyncRecordRef,
      nullable: true,
      resolve: async (r, _args, ctx) => {
        await consistentWith(ctx, r.position, ['sync']);
        return syncServices(ctx).getRecord({ tenant: callerContext(ctx).tenant, entityType: r.entityType, entityId: r.entityId });
      },
    }),
  }),
});

const logged = (ctx: GraphQLContext, command: string, result: SyncCommandOutcome): SyncCommandOutcome => {
  ctx.log.info({ command, conflictId: result.conflictId, position: result.position, appended: result.appended }, 'command handled');
  return result;
};

builder.mutationFields((t) => ({
  recordExternalChange: t.field({
    type: SyncChangePayload,
    description: 'Another system changed a shared record. Needs sync.record (integration, energy.admin). A change based on an older version is a conflict, settled by the entity type’s strategy or left OPEN for a person.',
    args: { input: t.arg({ type: RecordExternalChangeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { changeId, ...rest } = input;
      const result = await syncServices(ctx).recordExternalChange(changeId == null ? rest : { ...rest, changeId }, callerContext(ctx));
      return logged(ctx, 'recordExternalChange', result);
    },
  }),
  resolveSyncConflict: t.field({
    type: SyncChangePayload,
    description: 'Needs sync.resolve (energy.analyst, energy.admin).',
    args: { id: t.arg.id({ required: true }), resolution: t.arg({ type: SyncResolutionInput, required: true }) },
    resolve: async (_root, { id, resolution }, ctx) => {
      const input = { conflictId: String(id), resolution: resolution.choice, fields: resolution.fields ?? null, note: resolution.note ?? null };
      return logged(ctx, 'resolveSyncConflict', await syncServices(ctx).resolveSyncConflict(input, callerContext(ctx)));
    },
  }),
}));

builder.queryFields((t) => ({
  syncConflicts: t.field({
    type: [SyncConflictRef],
    description: 'Needs sync.read. Oldest first.',
    args: { status: t.arg({ type: SyncConflictStatusEnum }), first: t.arg.int(), consistentWith: t.arg({ type: 'LogPosition' }) },
    resolve: async (_root, args, ctx) => {
      const { tenant } = requirePermission(ctx, 'sync.read');
      const first = args.first ?? 100;
      if (first < 1 || first > MAX_CONFLICTS) throw badUserInput('first', `first must be between 1 and ${MAX_CONFLICTS}`);
      await consistentWith(ctx, args.consistentWith, ['sync']);
      return syncServices(ctx).listConflicts({ tenant, status: args.status ?? null, first });
    },
  }),
  syncConflict: t.field({
    type: SyncConflictRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }), consistentWith: t.arg({ type: 'LogPosition' }) },
    resolve: async (_root, args, ctx) => {
      const { tenant } = requirePermission(ctx, 'sync.read');
      await consistentWith(ctx, args.consistentWith, ['sync']);
      return syncServices(ctx).getConflict({ tenant, id: String(args.id) });
    },
  }),
  syncRecord: t.field({
    type: SyncRecordRef,
    nullable: true,
    args: { entityType: t.arg.string({ required: true }), entityId: t.arg.string({ required: true }), consistentWith: t.arg({ type: 'LogPosition' }) },
    resolve: async (_root, args, ctx) => {
      const { tenant } = requirePermission(ctx, 'sync.read');
      await consistentWith(ctx, args.consistentWith, ['sync']);
      return syncServices(ctx).getRecord({ tenant, entityType: args.entityType, entityId: args.entityId });
    },
  }),
}));

const SyncConflictDetectionRef = builder.objectRef<SyncConflictDetection>('SyncConflictDetection').implement({
  fields: (t) => ({
    conflict: t.field({ type: SyncConflictRef, description: 'As detected (a strategy may have settled it in the same command).', resolve: (d) => d.conflict }),
    cursor: t.expose('cursor', { type: 'LogPosition', description: 'Resume with `after`.' }),
  }),
});

/** An iterator over a source that can be ended while it waits: return() aborts the source. */
const abortable = <T,>(source: (signal: AbortSignal) => AsyncIterable<T>): AsyncIterableIterator<T> => {
  const abort = new AbortController();
  const inner = source(abort.signal)[Symbol.asyncIterator]();
  const iterator: AsyncIterableIterator<T> = {
    next: () => inner.next(),
    return: async () => {
      abort.abort();
      await inner.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
};

builder.subscriptionFields((t) => ({
  syncConflictDetected: t.field({
    type: SyncConflictDetectionRef,
    description: 'Each conflict detected in the caller’s tenant. Needs sync.read.',
    args: { after: t.arg({ type: 'LogPosition', description: 'Resume after this cursor; without it, only conflicts from now on.' }) },
    subscribe: async (_root, args, ctx) => {
      const { tenant } = requirePermission(ctx, 'sync.read');
      const services = syncServices(ctx);
      const after = args.after ?? (await services.headPosition());
      return abortable((signal) => services.conflictsDetected({ tenant, after, signal }));
    },
    resolve: (detection) => detection,
  }),
}));
