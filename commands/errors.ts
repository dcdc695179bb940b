import type { z } from 'zod';
import type { Permission } from './permissions.js';

/**
 * Errors of the command pipeline, with stable codes mapped at the edge (GraphQL `extensions.code`).
 * Broken business rules stay DomainError (domain/shared), store conflicts ConcurrencyError (eventStore.ts).
 */
export class CommandValidationError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    /** The offending input path, e.g. `quantityMwh` or `legs.0.price`; `input` when the whole input is wrong. */
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'CommandValidationError';
  }

  /** From zod's first issue: the message names the field. */
  static fromZod(error: z.ZodError): CommandValidationError {
    const issue = error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'input';
    return new CommandValidationError(field, `Invalid ${field}: ${issue?.message ?? 'invalid input'}`);
  }
}

export class ForbiddenError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(readonly permission: Permission) {
    super(`Permission ${permission} is required`);
    this.name = 'ForbiddenError';
  }
}
