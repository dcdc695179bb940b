import { DomainError } from '../shared/domainError.js';

export type IdentityErrorCode = 'USER_NOT_FOUND' | 'USER_ID_CONFLICT' | 'USER_DEACTIVATED' | 'USER_NOT_CREATED';

export type IdentityError = DomainError<IdentityErrorCode>;

export const identityError = (code: IdentityErrorCode, message: string, details: Record<string, unknown>): IdentityError => new DomainError(code, message, details);
