export type AiErrorCode = 'AI_RATE_LIMITED' | 'AI_UNAVAILABLE' | 'AI_TIMEOUT' | 'AI_REJECTED' | 'AI_BAD_RESPONSE' | 'AI_BUDGET_EXCEEDED';

/** A failed AI call, translated by the adapter from its driver's error. */
export class AiError extends Error {
  constructor(
    readonly code: AiErrorCode,
    message: string,
    readonly details: Readonly<{ provider: string; status: number | null; retryAfterMs: number | null }> = { provider: 'unknown', status: null, retryAfterMs: null },
  ) {
    super(message);
    this.name = 'AiError';
  }

  /** Whether another try may succeed (a saga step retries only these). */
  get retryable(): boolean {
    return isTransientAiError(this);
  }
}

/** Rate limits, 5xx, timeouts and broken connections may pass; a rejected request or an exhausted budget will not. */
export const isTransientAiError = (error: unknown): boolean =>
  error instanceof AiError && (error.code === 'AI_RATE_LIMITED' || error.code === 'AI_UNAVAILABLE' || error.code === 'AI_TIMEOUT');
