import { DomainError } from '../shared/domainError.js';

export type AlertErrorCode = 'ALERT_NOT_FOUND' | 'ALERT_RESOLVED';

export const alertError = (code: AlertErrorCode, message: string, details: Record<string, unknown>): DomainError<AlertErrorCode> => new DomainError(code, message, details);
