import type { JsonObject } from './saga.js';

/** What an action's handler knows of the saga that asked for it. */
export type ActionContext = Readonly<{
  /** Deterministic (`saga-<name>-<id>/<key>`): the idempotency key to pass to the system the action calls. */
  actionId: string;
  sagaName: string;
  sagaId: string;
  tenant: string;
  correlationId: string;
  /** 1 for the first try. */
  attempt: number;
  now: Date;
}>;

/**
 * Runs one kind of action (a command or a side effect behind a port) and returns what the saga should
 * learn of it. Throwing PermanentFailure (or an error with `retryable: false`, such as a DomainError) fails
 * the action at once; any other error is retried with backoff until the tries run out.
 */
export type ActionHandler = (input: JsonObject, context: ActionContext) => Promise<JsonObject | void>;

export type ActionHandlers = Readonly<Record<string, ActionHandler>>;

export class PermanentFailure extends Error {
  readonly retryable = false;
  constructor(
    readonly code: string,
    message: string = code,
  ) {
    super(message);
    this.name = 'PermanentFailure';
  }
}

/** Domain errors (a broken rule) and PermanentFailure are not worth another try. */
export const isPermanent = (error: unknown): boolean =>
  error instanceof PermanentFailure ||
  (error instanceof Error && ((error as { retryable?: unknown }).retryable === false || error.name === 'DomainError' || error.name === 'CommandValidationError' || error.name === 'ForbiddenError'));

export const errorCode = (error: unknown): string => {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'ACTION_FAILED';
};

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
