import { AiError } from '../../commands/ai/aiError.js';
import { ConcurrencyError, EventIdConflictError } from '../../commands/eventStore.js';
import { CommandValidationError, ForbiddenError } from '../../commands/errors.js';
import { DomainError } from '../../domain/shared/domainError.js';
import { ConsistencyTimeoutError } from '../../projections/consistencyTimeoutError.js';
import { InvalidCursorError } from '../../projections/tradeCursor.js';

export type PublicError = Readonly<{ message: string; extensions: Record<string, unknown> & { code: string } }>;

/**
 * What a caller may see of an error thrown by a command, the store or the projections: its stable
 * code, its message and a few safe details. Anything else (a driver error, SQL, a bug) is null and gets
 * masked as INTERNAL_SERVER_ERROR.
 */
export const publicError = (error: unknown): PublicError | null => {
  if (!(error instanceof Error)) return null;
  if (error instanceof CommandValidationError) return { message: error.message, extensions: { code: error.code, field: error.field } };
  if (error instanceof ForbiddenError) return { message: error.message, extensions: { code: error.code, permission: error.permission } };
  if (error instanceof DomainError) return { message: error.message, extensions: { ...error.details, code: error.code } };
  if (error instanceof ConcurrencyError) return { message: 'The trade changed concurrently too often; try again', extensions: { code: error.code } };
  if (error instanceof EventIdConflictError) return { message: error.message, extensions: { code: error.code } };
  if (error instanceof ConsistencyTimeoutError) {
    return { message: error.message, extensions: { code: error.code, consistencyToken: String(error.token), reached: String(error.reached) } };
  }
  if (error instanceof AiError) {
    const message = error.code === 'AI_BUDGET_EXCEEDED' ? error.message : `The AI provider failed (${error.code}); KEYWORD search does not need it`;
    return { message, extensions: { code: error.code } };
  }
  if (error instanceof InvalidCursorError) return { message: error.message, extensions: { code: 'BAD_USER_INPUT', field: 'after' } };
  return null;
};
