import type { ChangeSide, SyncStrategy } from './events.js';

/** One applied change, as the record remembers it: enough to tell what changed since a version. */
export type AppliedChange = Readonly<{ version: number; source: string; changedAt: string; fieldNames: readonly string[] }>;

export type Conflict = Readonly<{
  conflictId: string;
  status: 'open' | 'resolved';
  strategy: SyncStrategy;
  incoming: ChangeSide;
  current: ChangeSide;
}>;

/** The state of one shared record's stream, tagged by `status`. */
export type SyncRecord =
  | Readonly<{ status: 'none' }>
  | Readonly<{
      status: 'tracked';
      entityType: string;
      entityId: string;
      version: number;
      /** Current value of each field (JSON text). */
      values: Readonly<Record<string, string>>;
      changes: readonly AppliedChange[];
      changeIds: readonly string[];
      conflicts: readonly Conflict[];
    }>;

export type TrackedRecord = Extract<SyncRecord, { status: 'tracked' }>;

export const initialState = (): SyncRecord => ({ status: 'none' });
