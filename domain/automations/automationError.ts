import { DomainError } from '../shared/domainError.js';

export type AutomationErrorCode = 'AUTOMATION_NOT_FOUND' | 'AUTOMATION_ID_CONFLICT';

export const automationError = (code: AutomationErrorCode, message: string, details: Record<string, unknown>): DomainError<AutomationErrorCode> => new DomainError(code, message, details);
