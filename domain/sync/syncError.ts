import { DomainError } from '../shared/domainError.js';

export type SyncErrorCode = 'SYNC_CONFLICT_NOT_FOUND' | 'SYNC_CONFLICT_ALREADY_RESOLVED' | 'SYNC_VERSION_AHEAD' | 'SYNC_MERGE_NEEDS_FIELDS' | 'SYNC_CHANGE_ID_CONFLICT';

export const syncError = (code: SyncErrorCode, message: string, details: Record<string, unknown>): DomainError<SyncErrorCode> => new DomainError(code, message, details);
