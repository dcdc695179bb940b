import { z } from 'zod';
import { fieldChange, syncResolution, type SyncStrategy } from './events.js';

/**
 * Data-sync commands. `data` is what a caller sends (validated); `metadata` comes from the command
 * handler: the time, the entity type's strategy, the record's stream key and who acts.
 */
const name = z.string().trim().min(1).max(128);

export const recordExternalChangeData = z.object({
  entityType: name,
  entityId: name,
  source: name,
  /** The record's version the source changed (0: it never saw one). */
  baseVersion: z.number().int().min(0),
  changedAt: z.iso.datetime({ offset: true }),
  /** At least one field, sorted by name, values as JSON text. */
  fields: z.array(fieldChange).min(1).max(200),
  /** Makes a repeated report of the same change a no-op; the handler derives one when the source gives none. */
  changeId: name,
});

export const resolveSyncConflictData = z.object({
  conflictId: z.string().regex(/^[0-9a-f]{32}\.\d+$/, 'a sync conflict id'),
  resolution: syncResolution,
  /** MERGED: the values to apply. */
  fields: z.array(fieldChange).max(200).default([]),
  note: z.string().max(500).nullable().default(null),
});

export type SyncCommandMetadata = Readonly<{ now: string; actor: string; streamKey: string; strategy: SyncStrategy }>;

export type RecordExternalChange = Readonly<{ type: 'RecordExternalChange'; data: z.infer<typeof recordExternalChangeData>; metadata: SyncCommandMetadata }>;
export type ResolveSyncConflict = Readonly<{ type: 'ResolveSyncConflict'; data: z.infer<typeof resolveSyncConflictData>; metadata: SyncCommandMetadata }>;
export type SyncCommand = RecordExternalChange | ResolveSyncConflict;
