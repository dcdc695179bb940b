import { DomainError } from '../shared/domainError.js';

export type DocumentErrorCode =
  | 'DOCUMENT_EMPTY'
  | 'DOCUMENT_TOO_LARGE'
  | 'DOCUMENT_TYPE_NOT_ALLOWED'
  | 'DOCUMENT_NOT_FOUND'
  | 'DOCUMENT_STEP_OUT_OF_ORDER'
  | 'DOCUMENT_PROCESSING_FAILED';

export const documentError = (code: DocumentErrorCode, message: string, details: Record<string, unknown> = {}): DomainError<DocumentErrorCode> =>
  new DomainError(code, message, details);
