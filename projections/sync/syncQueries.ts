import type { Sql } from '../../infra/db/db.js';
import type { SyncAuditEntry, SyncConflictView, SyncRecordView } from './syncConflictView.js';

const conflictColumns = `id, tenant, entity_type, entity_id, strategy, status, current_version, base_version, incoming, current, conflicting_fields,
  resolution, winner, result, resolved_by, note, detected_at, resolved_at, detected_position`;

const iso = (value: unknown): string => new Date(value as string).toISOString();
const isoOrNull = (value: unknown): string | null => (value == null ? null : iso(value));

const toConflict = (row: Record<string, any>): SyncConflictView => ({
  id: row['id'],
  tenant: row['tenant'],
  entityType: row['entity_type'],
  entityId: row['entity_id'],
  strategy: row['strategy'],
  status: row['status'],
  currentVersion: Number(row['current_version']),
  baseVersion: Number(row['base_version']),
  incoming: row['incoming'],
  current: row['current'],
  conflictingFields: row['conflicting_fields'],
  resolution: row['resolution'] ?? null,
  winner: row['winner'] ?? null,
  result: row['result'] ?? null,
  resolvedBy: row['resolved_by'] ?? null,
  note: row['note'] ?? null,
  detectedAt: iso(row['detected_at']),
  resolvedAt: isoOrNull(row['resolved_at']),
  detectedPosition: Number(row['detected_position']),
});

export const getSyncConflict = async (sql: Sql, { tenant, id }: { tenant: string; id: string }): Promise<SyncConflictView | null> => {
  const { rows } = await sql.query(`SELECT ${conflictColumns} FROM sync_conflicts WHERE tenant = $1 AND id = $2`, [tenant, id]);
  return rows[0] === undefined ? null : toConflict(rows[0]);
};

/** A tenant's conflicts, oldest first (open ones are the work queue); at most `first` (1..1000). */
export const listSyncConflicts = async (sql: Sql, { tenant, status, first = 100 }: { tenant: string; status?: SyncConflictView['status'] | null; first?: number }): Promise<SyncConflictView[]> => {
  const params: unknown[] = [tenant];
  const where = ['tenant = $1'];
  if (status != null) where.push(`status = $${params.push(status)}`);
  const limit = Math.max(1, Math.min(1000, Math.trunc(first)));
  const { rows } = await sql.query(`SELECT ${conflictColumns} FROM sync_conflicts WHERE ${where.join(' AND ')} ORDER BY detected_position LIMIT $${params.push(limit)}`, params);
  return rows.map(toConflict);
};

export const getSyncRecord = async (sql: Sql, { tenant, entityType, entityId }: { tenant: string; entityType: string; entityId: string }): Promise<SyncRecordView | null> => {
  const { rows } = await sql.query<Record<string, any>>('SELECT * FROM sync_records WHERE tenant = $1 AND entity_type = $2 AND entity_id = $3', [tenant, entityType, entityId]);
  const row = rows[0];
  return row === undefined ? null : { tenant, entityType, entityId, version: Number(row['version']), fields: row['fields'], lastSource: row['last_source'], updatedAt: iso(row['updated_at']) };
};

/** The audit trail of one record or one conflict, in log order. */
export const syncAuditTrail = async (sql: Sql, { tenant, entityType, entityId, conflictId }: { tenant: string; entityType?: string | null; entityId?: string | null; conflictId?: string | null }): Promise<SyncAuditEntry[]> => {
  const params: unknown[] = [tenant];
  const where = ['tenant = $1'];
  if (entityType != null) where.push(`entity_type = $${params.push(entityType)}`);
  if (entityId != null) where.push(`entity_id = $${params.push(entityId)}`);
  if (conflictId != null) where.push(`conflict_id = $${params.push(conflictId)}`);
  const { rows } = await sql.query<Record<string, any>>(`SELECT * FROM sync_audit WHERE ${where.join(' AND ')} ORDER BY position LIMIT 1000`, params);
  return rows.map((row) => ({
    position: Number(row['position']),
    entityType: row['entity_type'],
    entityId: row['entity_id'],
    conflictId: row['conflict_id'] ?? null,
    eventType: row['event_type'],
    actor: row['actor'],
    at: iso(row['at']),
    detail: row['detail'],
  }));
};
