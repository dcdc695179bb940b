import { assertNever } from '../shared/domainError.js';
import type { SyncEvent } from './events.js';
import type { SyncRecord } from './syncRecord.js';

/** Folds one sync event into the record's state. Never throws. */
export const evolve = (state: SyncRecord, event: SyncEvent): SyncRecord => {
  switch (event.type) {
    case 'SyncRecordChanged': {
      const { data } = event;
      const base = state.status === 'tracked' ? state : { entityType: data.entityType, entityId: data.entityId, values: {}, changes: [], changeIds: [], conflicts: [] };
      return {
        ...base,
        status: 'tracked',
        version: data.version,
        values: { ...base.values, ...Object.fromEntries(data.fields.map((field) => [field.name, field.value])) },
        changes: [...base.changes, { version: data.version, source: data.source, changedAt: data.changedAt, fieldNames: data.fields.map((field) => field.name) }],
        changeIds: [...base.changeIds, data.changeId],
      };
    }
    case 'SyncConflictDetected': {
      if (state.status !== 'tracked') return state;
      const { conflictId, strategy, incoming, current, changeId } = event.data;
      return { ...state, changeIds: [...state.changeIds, changeId], conflicts: [...state.conflicts, { conflictId, status: 'open', strategy, incoming, current }] };
    }
    case 'SyncConflictResolved':
      if (state.status !== 'tracked') return state;
      return { ...state, conflicts: state.conflicts.map((c) => (c.conflictId === event.data.conflictId ? { ...c, status: 'resolved' } : c)) };
    default:
      return assertNever(event);
  }
};
