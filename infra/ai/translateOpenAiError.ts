import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { AiError } from '../../commands/ai/aiError.js';

/** Retry-After in milliseconds from `retry-after-ms`, or `retry-after` as seconds or an HTTP date. */
export const retryAfterFromHeaders = (headers: Headers | undefined, now: number = Date.now()): number | null => {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers?.get('retry-after');
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
};

/** The openai package's errors as the port's AiError; an abort by the caller stays what it is. */
export const translateOpenAiError = (error: unknown, provider: string): unknown => {
  if (error instanceof APIUserAbortError || !(error instanceof APIError)) return error;
  const status = typeof error.status === 'number' ? error.status : null;
  const details = { provider, status, retryAfterMs: retryAfterFromHeaders(error.headers) };
  const message = `${provider}: ${error.message}`;
  if (error instanceof APIConnectionTimeoutError || status === 408) return new AiError('AI_TIMEOUT', message, details);
  if (error instanceof APIConnectionError) return new AiError('AI_UNAVAILABLE', message, details);
  if (status === 429) return new AiError('AI_RATE_LIMITED', message, details);
  if (status !== null && status >= 500) return new AiError('AI_UNAVAILABLE', message, details);
  return new AiError('AI_REJECTED', message, details);
};
