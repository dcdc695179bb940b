import { assertNever } from '../shared/domainError.js';
import type { RecordExternalChange, ResolveSyncConflict, SyncCommand } from './commands.js';
import { changesSince, conflictingFields, lastWriter } from './compareChanges.js';
import type { ChangeSide, SyncEvent } from './events.js';
import type { Conflict, SyncRecord, TrackedRecord } from './syncRecord.js';
import { syncError } from './syncError.js';

type Changed = Extract<SyncEvent, { type: 'SyncRecordChanged' }>;
type Resolved = Extract<SyncEvent, { type: 'SyncConflictResolved' }>;

const SYSTEM_RESOLVER = { LAST_WRITE_WINS: 'system:last-write-wins', FIELD_MERGE: 'system:field-merge', MANUAL: 'system:manual' } as const;

const changed = (record: { entityType: string; entityId: string; version: number }, changeId: string, side: ChangeSide, conflictId: string | null, now: string): Changed => ({
  type: 'SyncRecordChanged',
  data: { entityType: record.entityType, entityId: record.entityId, changeId, version: record.version + 1, source: side.source, changedAt: side.changedAt, fields: [...side.fields], conflictId, recordedAt: now },
});

const resolved = (record: TrackedRecord, conflict: Pick<Conflict, 'conflictId' | 'strategy'>, how: Pick<Resolved['data'], 'resolution' | 'winner' | 'result' | 'resolvedBy' | 'note'>, now: string): Resolved => ({
  type: 'SyncConflictResolved',
  data: { conflictId: conflict.conflictId, entityType: record.entityType, entityId: record.entityId, strategy: conflict.strategy, ...how, version: record.version + (how.result.length > 0 ? 1 : 0), resolvedAt: now },
});

/** A change based on an older version than the record's: a conflict, which the strategy may settle at once. */
const conflict = ({ data, metadata }: RecordExternalChange, record: TrackedRecord): SyncEvent[] => {
  const incoming: ChangeSide = { source: data.source, changedAt: data.changedAt, fields: data.fields };
  const current = changesSince(record, data.baseVersion);
  const clashing = conflictingFields(data.fields, current.fields);
  const { strategy, now } = metadata;
  const conflictId = `${metadata.streamKey}.${record.conflicts.length + 1}`;
  const detected: SyncEvent = {
    type: 'SyncConflictDetected',
    data: { conflictId, entityType: record.entityType, entityId: record.entityId, changeId: data.changeId, strategy, currentVersion: record.version, baseVersion: data.baseVersion, incoming, current, conflictingFields: clashing, detectedAt: now },
  };
  const settled = { conflictId, strategy };
  switch (strategy) {
    case 'LAST_WRITE_WINS': {
      const winner = lastWriter(incoming, current);
      if (winner === 'current') return [detected, resolved(record, settled, { resolution: 'CURRENT', winner: current.source, result: [], resolvedBy: SYSTEM_RESOLVER[strategy], note: null }, now)];
      return [detected, resolved(record, settled, { resolution: 'INCOMING', winner: incoming.source, result: incoming.fields, resolvedBy: SYSTEM_RESOLVER[strategy], note: null }, now), changed(record, data.changeId, incoming, conflictId, now)];
    }
    case 'FIELD_MERGE':
      if (clashing.length > 0) return [detected]; // the same field changed on both sides: a person decides
      return [detected, resolved(record, settled, { resolution: 'MERGED', winner: null, result: incoming.fields, resolvedBy: SYSTEM_RESOLVER[strategy], note: null }, now), changed(record, data.changeId, incoming, conflictId, now)];
    case 'MANUAL':
      return [detected];
    default:
      return assertNever(strategy);
  }
};

const recordChange = (command: RecordExternalChange, state: SyncRecord): SyncEvent[] => {
  const { data, metadata } = command;
  if (state.status === 'none') return [changed({ ...data, version: 0 }, data.changeId, data, null, metadata.now)];
  if (state.changeIds.includes(data.changeId)) return []; // the same change reported again
  if (data.baseVersion > state.version) {
    throw syncError('SYNC_VERSION_AHEAD', `${data.entityType} ${data.entityId} is at version ${state.version}; a change cannot be based on version ${data.baseVersion}`, { version: state.version, baseVersion: data.baseVersion });
  }
  if (data.baseVersion === state.version) return [changed(state, data.changeId, data, null, metadata.now)];
  return conflict(command, state);
};

const resolve = ({ data, metadata }: ResolveSyncConflict, state: SyncRecord): SyncEvent[] => {
  const found = state.status === 'tracked' ? state.conflicts.find((c) => c.conflictId === data.conflictId) : undefined;
  if (state.status !== 'tracked' || found === undefined) throw syncError('SYNC_CONFLICT_NOT_FOUND', `Sync conflict ${data.conflictId} not found`, { conflictId: data.conflictId });
  if (found.status === 'resolved') throw syncError('SYNC_CONFLICT_ALREADY_RESOLVED', `Sync conflict ${data.conflictId} is already resolved`, { conflictId: data.conflictId });
  const how = { resolvedBy: metadata.actor, note: data.note };
  const changeId = `${data.conflictId}:resolution`;
  switch (data.resolution) {
    case 'CURRENT':
      return [resolved(state, found, { ...how, resolution: 'CURRENT', winner: found.current.source, result: [] }, metadata.now)];
    case 'INCOMING':
      return [resolved(state, found, { ...how, resolution: 'INCOMING', winner: found.incoming.source, result: found.incoming.fields }, metadata.now), changed(state, changeId, found.incoming, found.conflictId, metadata.now)];
    case 'MERGED': {
      if (data.fields.length === 0) throw syncError('SYNC_MERGE_NEEDS_FIELDS', 'A MERGED resolution names the values to apply', { conflictId: data.conflictId });
      const merged: ChangeSide = { source: `resolver:${metadata.actor}`, changedAt: metadata.now, fields: data.fields };
      return [resolved(state, found, { ...how, resolution: 'MERGED', winner: null, result: data.fields }, metadata.now), changed(state, changeId, merged, found.conflictId, metadata.now)];
    }
    default:
      return assertNever(data.resolution);
  }
};

/** Data-sync rules: the events a command causes ([] when it changes nothing), or a SyncError. */
export const decide = (command: SyncCommand, state: SyncRecord): SyncEvent[] => {
  switch (command.type) {
    case 'RecordExternalChange':
      return recordChange(command, state);
    case 'ResolveSyncConflict':
      return resolve(command, state);
    default:
      return assertNever(command);
  }
};
