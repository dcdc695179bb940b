import type { SyncAuditEntry, SyncConflictView, SyncRecordView, SyncSideView } from '../../../projections/sync/syncConflictView.js';
import { requirePrincipal } from '../../auth/authorize.js';
import { builder } from '../builder.js';
import { syncServices } from './syncServiceOf.js';

export const SyncStrategyEnum = builder.enumType('SyncStrategy', { values: ['LAST_WRITE_WINS', 'FIELD_MERGE', 'MANUAL'] as const });
export const SyncResolutionEnum = builder.enumType('SyncResolution', {
  values: {
    INCOMING: { description: 'Apply the incoming change.' },
    CURRENT: { description: 'Keep the record as it is; drop the incoming change.' },
    MERGED: { description: 'Apply the values given in `fields`.' },
  } as const,
});
export const SyncConflictStatusEnum = builder.enumType('SyncConflictStatus', { values: ['OPEN', 'RESOLVED'] as const });

const SyncSideRef = builder.objectRef<SyncSideView>('SyncChangeSide').implement({
  fields: (t) => ({
    source: t.exposeString('source'),
    changedAt: t.exposeString('changedAt'),
    fields: t.field({ type: 'JSON', description: 'The fields this side changed, with their values.', resolve: (s) => s.fields }),
  }),
});

export const SyncAuditEntryRef = builder.objectRef<SyncAuditEntry>('SyncAuditEntry').implement({
  description: 'One sync event: what happened to the record or conflict, who did it, and the event as recorded.',
  fields: (t) => ({
    position: t.expose('position', { type: 'LogPosition' }),
    eventType: t.exposeString('eventType'),
    actor: t.exposeString('actor'),
    at: t.exposeString('at'),
    conflictId: t.exposeID('conflictId', { nullable: true }),
    detail: t.field({ type: 'JSON', resolve: (e) => e.detail }),
  }),
});

export const SyncConflictRef = builder.objectRef<SyncConflictView>('SyncConflict').implement({
  description: 'A change from another system based on an older version of a shared record than the current one.',
  fields: (t) => ({
    id: t.exposeID('id'),
    entityType: t.exposeString('entityType'),
    entityId: t.exposeString('entityId'),
    strategy: t.expose('strategy', { type: SyncStrategyEnum }),
    status: t.expose('status', { type: SyncConflictStatusEnum }),
    currentVersion: t.exposeInt('currentVersion'),
    baseVersion: t.exposeInt('baseVersion'),
    incoming: t.field({ type: SyncSideRef, resolve: (c) => c.incoming }),
    current: t.field({ type: SyncSideRef, description: 'What changed on the record since baseVersion.', resolve: (c) => c.current }),
    conflictingFields: t.exposeStringList('conflictingFields', { description: 'Fields both sides changed to different values.' }),
    resolution: t.expose('resolution', { type: SyncResolutionEnum, nullable: true }),
    winner: t.exposeString('winner', { nullable: true, description: 'The source whose change won (null for a merge).' }),
    result: t.field({ type: 'JSON', nullable: true, description: 'The values the resolution applied.', resolve: (c) => c.result }),
    resolvedBy: t.exposeString('resolvedBy', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    detectedAt: t.exposeString('detectedAt'),
    resolvedAt: t.exposeString('resolvedAt', { nullable: true }),
    auditTrail: t.field({
      type: [SyncAuditEntryRef],
      resolve: (c, _args, ctx) => syncServices(ctx).auditTrail({ tenant: requirePrincipal(ctx).tenant, conflictId: c.id }),
    }),
  }),
});

export const SyncRecordRef = builder.objectRef<SyncRecordView>('SyncRecord').implement({
  description: 'A record shared with other systems: its current version and values.',
  fields: (t) => ({
    entityType: t.exposeString('entityType'),
    entityId: t.exposeString('entityId'),
    version: t.exposeInt('version'),
    fields: t.field({ type: 'JSON', resolve: (r) => r.fields }),
    lastSource: t.exposeString('lastSource'),
    updatedAt: t.exposeString('updatedAt'),
    auditTrail: t.field({
      type: [SyncAuditEntryRef],
      resolve: (r, _args, ctx) => syncServices(ctx).auditTrail({ tenant: requirePrincipal(ctx).tenant, entityType: r.entityType, entityId: r.entityId }),
    }),
  }),
});
