import { z } from 'zod';
import type { EventOf } from '../shared/eventOf.js';

/**
 * Data-sync events, declared once in zod. A shared record (an entity of another system, per tenant) has
 * a stream `sync-<key>`; Ledgerline keeps its current version and values there. The n-th conflict of a
 * record has the id `<key>.<n>`. Field values travel as JSON text, so the Avro contract stays closed.
 */
export const syncStrategies = ['LAST_WRITE_WINS', 'FIELD_MERGE', 'MANUAL'] as const;
export const syncStrategy = z.enum(syncStrategies);
export type SyncStrategy = z.infer<typeof syncStrategy>;

export const syncResolutions = ['INCOMING', 'CURRENT', 'MERGED'] as const;
export const syncResolution = z.enum(syncResolutions);
export type SyncResolution = z.infer<typeof syncResolution>;

/** One field's new value, as JSON text. */
export const fieldChange = z.object({ name: z.string(), value: z.string() });
export type FieldChange = z.infer<typeof fieldChange>;

/** One side of a conflict: who changed which fields, and when. */
export const changeSide = z.object({ source: z.string(), changedAt: z.string(), fields: z.array(fieldChange) });
export type ChangeSide = z.infer<typeof changeSide>;

export const syncRecordChanged = z.object({
  entityType: z.string(),
  entityId: z.string(),
  changeId: z.string(),
  /** The record's version after this change (1 for the first change Ledgerline saw). */
  version: z.number().int(),
  source: z.string(),
  changedAt: z.string(),
  fields: z.array(fieldChange),
  /** The conflict whose resolution applied this change, or null for a change without conflict. */
  conflictId: z.string().nullable(),
  recordedAt: z.string(),
});

export const syncConflictDetected = z.object({
  conflictId: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  changeId: z.string(),
  strategy: syncStrategy,
  /** The record's version when the change arrived; the change was based on `baseVersion`, an older one. */
  currentVersion: z.number().int(),
  baseVersion: z.number().int(),
  incoming: changeSide,
  /** What changed on the record since `baseVersion` (each field's current value; the latest change's source and time). */
  current: changeSide,
  /** Fields both sides changed to different values. */
  conflictingFields: z.array(z.string()),
  detectedAt: z.string(),
});

export const syncConflictResolved = z.object({
  conflictId: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  strategy: syncStrategy,
  resolution: syncResolution,
  /** The source whose change won (null for a merge). */
  winner: z.string().nullable(),
  /** The values the resolution applied to the record ([] when the record kept its values). */
  result: z.array(fieldChange),
  /** The record's version after the resolution. */
  version: z.number().int(),
  /** `system:<strategy>` or the person who resolved it. */
  resolvedBy: z.string(),
  note: z.string().nullable(),
  resolvedAt: z.string(),
});

export const syncEventSchemas = {
  SyncRecordChanged: syncRecordChanged,
  SyncConflictDetected: syncConflictDetected,
  SyncConflictResolved: syncConflictResolved,
} as const;

type Schemas = typeof syncEventSchemas;
export type SyncEventType = keyof Schemas;
export type SyncEvent = EventOf<Schemas>;
export const syncEventTypes = Object.keys(syncEventSchemas) as SyncEventType[];

export const syncStreamId = (key: string): string => `sync-${key}`;

/** `<key>.<n>` → `sync-<key>`; null for an id of another shape. */
export const syncStreamOfConflict = (conflictId: string): string | null => {
  const match = /^([0-9a-f]{32})\.\d+$/.exec(conflictId);
  return match === null ? null : syncStreamId(match[1]!);
};

const isSyncEventType = (type: string): type is SyncEventType => Object.hasOwn(syncEventSchemas, type);

/** A stored event as a typed sync event, its payload checked; null for other types. */
export const parseSyncEvent = ({ type, data }: Readonly<{ type: string; data: unknown }>): SyncEvent | null => {
  if (!isSyncEventType(type)) return null;
  return { type, data: syncEventSchemas[type].parse(data) } as SyncEvent;
};
