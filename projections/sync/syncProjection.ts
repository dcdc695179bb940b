import type { RecordedEvent } from '../../commands/eventStore.js';
import { parseSyncEvent, syncEventTypes, type SyncEvent } from '../../domain/sync/events.js';
import type { Sql } from '../../infra/db/db.js';
import type { ChangeItem } from '../changeFeed.js';
import type { Projection } from '../projection.js';
import { fieldsObject } from './syncConflictView.js';

type Of<T extends SyncEvent['type']> = Extract<SyncEvent, { type: T }>['data'];

const side = ({ source, changedAt, fields }: Of<'SyncConflictDetected'>['incoming']) => ({ source, changedAt, fields: fieldsObject(fields) });

const applyChanged = async (tx: Sql, tenant: string, data: Of<'SyncRecordChanged'>, at: number): Promise<void> => {
  await tx.query(
    `INSERT INTO sync_records (tenant, entity_type, entity_id, version, fields, last_source, updated_at, last_position)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)
     ON CONFLICT (tenant, entity_type, entity_id) DO UPDATE SET version = excluded.version, fields = sync_records.fields || excluded.fields,
       last_source = excluded.last_source, updated_at = excluded.updated_at, last_position = excluded.last_position`,
    [tenant, data.entityType, data.entityId, data.version, JSON.stringify(fieldsObject(data.fields)), data.source, data.recordedAt, at],
  );
};

const applyDetected = async (tx: Sql, tenant: string, data: Of<'SyncConflictDetected'>, at: number): Promise<void> => {
  await tx.query(
    `INSERT INTO sync_conflicts (tenant, id, entity_type, entity_id, strategy, status, current_version, base_version, incoming, current, conflicting_fields, detected_at, detected_position, last_position)
     VALUES ($1, $2, $3, $4, $5, 'OPEN', $6, $7, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12, $12)
     ON CONFLICT (tenant, id) DO NOTHING`,
    [tenant, data.conflictId, data.entityType, data.entityId, data.strategy, data.currentVersion, data.baseVersion, JSON.stringify(side(data.incoming)), JSON.stringify(side(data.current)), JSON.stringify(data.conflictingFields), data.detectedAt, at],
  );
};

const applyResolved = async (tx: Sql, tenant: string, data: Of<'SyncConflictResolved'>, at: number): Promise<void> => {
  await tx.query(
    `UPDATE sync_conflicts SET status = 'RESOLVED', resolution = $3, winner = $4, result = $5::jsonb, resolved_by = $6, note = $7, resolved_at = $8, last_position = $9
     WHERE tenant = $1 AND id = $2`,
    [tenant, data.conflictId, data.resolution, data.winner, JSON.stringify(fieldsObject(data.result)), data.resolvedBy, data.note, data.resolvedAt, at],
  );
};

const conflictIdOf = (event: SyncEvent): string | null => (event.type === 'SyncRecordChanged' ? event.data.conflictId : event.data.conflictId);
const atOf = (event: SyncEvent): string => {
  switch (event.type) {
    case 'SyncRecordChanged':
      return event.data.recordedAt;
    case 'SyncConflictDetected':
      return event.data.detectedAt;
    case 'SyncConflictResolved':
      return event.data.resolvedAt;
  }
};

const audit = async (tx: Sql, recorded: RecordedEvent, event: SyncEvent): Promise<void> => {
  await tx.query(
    `INSERT INTO sync_audit (position, tenant, entity_type, entity_id, conflict_id, event_type, actor, at, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb) ON CONFLICT (position) DO NOTHING`,
    [recorded.position, recorded.metadata.tenant, event.data.entityType, event.data.entityId, conflictIdOf(event), event.type, recorded.metadata.actor, atOf(event), JSON.stringify(event.data)],
  );
};

/**
 * Sync records, conflicts and the audit trail in PostgreSQL. Conflicts carry no change-feed kind of their
 * own: the syncConflictDetected subscription reads the log (catch-up, then live).
 */
export const syncProjection: Projection = {
  name: 'sync',
  version: 1,
  eventTypes: syncEventTypes,
  apply: async (tx, events): Promise<readonly ChangeItem[]> => {
    for (const recorded of events) {
      const event = parseSyncEvent(recorded);
      if (event === null) continue;
      const tenant = recorded.metadata.tenant;
      if (event.type === 'SyncRecordChanged') await applyChanged(tx, tenant, event.data, recorded.position);
      else if (event.type === 'SyncConflictDetected') await applyDetected(tx, tenant, event.data, recorded.position);
      else await applyResolved(tx, tenant, event.data, recorded.position);
      await audit(tx, recorded, event);
    }
    return [];
  },
  tables: ['sync_records', 'sync_conflicts', 'sync_audit'],
};
