/** A sync conflict as the read model and GraphQL show it; field values parsed from their JSON text. */
export type SyncSideView = Readonly<{ source: string; changedAt: string; fields: Readonly<Record<string, unknown>> }>;

export type SyncConflictView = Readonly<{
  id: string;
  tenant: string;
  entityType: string;
  entityId: string;
  strategy: 'LAST_WRITE_WINS' | 'FIELD_MERGE' | 'MANUAL';
  status: 'OPEN' | 'RESOLVED';
  currentVersion: number;
  baseVersion: number;
  incoming: SyncSideView;
  current: SyncSideView;
  conflictingFields: readonly string[];
  resolution: 'INCOMING' | 'CURRENT' | 'MERGED' | null;
  winner: string | null;
  result: Readonly<Record<string, unknown>> | null;
  resolvedBy: string | null;
  note: string | null;
  detectedAt: string;
  resolvedAt: string | null;
  /** The log position of the SyncConflictDetected event. */
  detectedPosition: number;
}>;

export type SyncRecordView = Readonly<{ tenant: string; entityType: string; entityId: string; version: number; fields: Readonly<Record<string, unknown>>; lastSource: string; updatedAt: string }>;

/** One entry of the audit trail: a sync event, who caused it, and what it said. */
export type SyncAuditEntry = Readonly<{
  position: number;
  entityType: string;
  entityId: string;
  conflictId: string | null;
  eventType: string;
  actor: string;
  at: string;
  detail: Readonly<Record<string, unknown>>;
}>;

/** `[{ name, value: JSON text }]` → `{ name: value }`. */
export const fieldsObject = (fields: readonly { name: string; value: string }[]): Record<string, unknown> =>
  Object.fromEntries(fields.map(({ name, value }) => [name, JSON.parse(value)]));
