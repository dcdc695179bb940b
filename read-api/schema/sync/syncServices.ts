import type { SyncCommands } from '../../../commands/sync/syncCommands.js';
import type { EventStore } from '../../../commands/eventStore.js';
import { syncConflictDetected } from '../../../domain/sync/events.js';
import type { Sql } from '../../../infra/db/db.js';
import { fieldsObject, type SyncAuditEntry, type SyncConflictView, type SyncRecordView } from '../../../projections/sync/syncConflictView.js';
import { getSyncConflict, getSyncRecord, listSyncConflicts, syncAuditTrail } from '../../../projections/sync/syncQueries.js';
import type { CallerContext } from '../../gatewayServices.js';

export type SyncCommandOutcome = Readonly<{ entityType: string; entityId: string; recordVersion: number | null; conflictId: string | null; position: number; appended: boolean }>;
export type SyncConflictDetection = Readonly<{ conflict: SyncConflictView; cursor: number }>;

/** Data sync as the gateway uses it. */
export type SyncServices = Readonly<{
  recordExternalChange: (input: unknown, caller: CallerContext) => Promise<SyncCommandOutcome>;
  resolveSyncConflict: (input: unknown, caller: CallerContext) => Promise<SyncCommandOutcome>;
  getConflict: (q: { tenant: string; id: string }) => Promise<SyncConflictView | null>;
  listConflicts: (q: { tenant: string; status?: SyncConflictView['status'] | null; first?: number }) => Promise<readonly SyncConflictView[]>;
  getRecord: (q: { tenant: string; entityType: string; entityId: string }) => Promise<SyncRecordView | null>;
  auditTrail: (q: { tenant: string; entityType?: string | null; entityId?: string | null; conflictId?: string | null }) => Promise<readonly SyncAuditEntry[]>;
  /** Conflicts detected in the tenant after log position `after`, then live ones, from the log itself. */
  conflictsDetected: (q: { tenant: string; after: number; signal: AbortSignal }) => AsyncIterable<SyncConflictDetection>;
  headPosition: () => Promise<number>;
}>;

/** The conflict as its SyncConflictDetected event tells it (before any resolution). */
const detectionOf = (tenant: string, data: unknown, position: number): SyncConflictView => {
  const d = syncConflictDetected.parse(data);
  const side = (s: typeof d.incoming) => ({ source: s.source, changedAt: s.changedAt, fields: fieldsObject(s.fields) });
  return {
    id: d.conflictId, tenant, entityType: d.entityType, entityId: d.entityId, strategy: d.strategy, status: 'OPEN', currentVersion: d.currentVersion, baseVersion: d.baseVersion,
    incoming: side(d.incoming), current: side(d.current), conflictingFields: d.conflictingFields, resolution: null, winner: null, result: null, resolvedBy: null, note: null,
    detectedAt: d.detectedAt, resolvedAt: null, detectedPosition: position,
  };
};

export const bindSyncServices = ({ sql, store, sync }: { sql: Sql; store: EventStore; sync: SyncCommands }): SyncServices => ({
  recordExternalChange: (input, caller) => sync.recordExternalChange(input, caller),
  resolveSyncConflict: (input, caller) => sync.resolveSyncConflict(input, caller),
  getConflict: (q) => getSyncConflict(sql, q),
  listConflicts: (q) => listSyncConflicts(sql, q),
  getRecord: (q) => getSyncRecord(sql, q),
  auditTrail: (q) => syncAuditTrail(sql, q),
  conflictsDetected: async function* ({ tenant, after, signal }) {
    for await (const event of store.subscribe({ after, signal, filter: { types: ['SyncConflictDetected'], tenant } })) {
      yield { conflict: detectionOf(tenant, event.data, event.position), cursor: event.position };
    }
  },
  headPosition: () => store.headPosition(),
});
