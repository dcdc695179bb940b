import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Who asked, in the log's and the event metadata's terms: a request id and a correlation id. */
export type RequestIdentity = Readonly<{ requestId: string; correlationId: string; traceparent: string | null }>;

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;
const ID = /^[\w.:@/-]{1,128}$/;
const MAX_ID_LENGTH = 128;

const header = (headers: IncomingHttpHeaders, name: string): string | null => {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? null : first;
};

const safeId = (value: string | null): string | null => (value !== null && value.length <= MAX_ID_LENGTH && ID.test(value) ? value : null);

/** A valid W3C traceparent header, or null. */
export const traceparentOf = (headers: IncomingHttpHeaders): string | null => {
  const value = header(headers, 'traceparent')?.toLowerCase() ?? null;
  return value !== null && TRACEPARENT.test(value) ? value : null;
};

/** The request id: the caller's `x-request-id` when it is a sane id, else a new UUID. */
export const requestIdOf = (headers: IncomingHttpHeaders): string => safeId(header(headers, 'x-request-id')) ?? randomUUID();

/**
 * The correlation id: the caller's `x-correlation-id`, else the trace id of its `traceparent`, else the
 * request id (so a request that starts a chain of events names it).
 */
export const requestIdentity = (headers: IncomingHttpHeaders, requestId: string): RequestIdentity => {
  const traceparent = traceparentOf(headers);
  const traceId = traceparent === null ? null : (TRACEPARENT.exec(traceparent)?.[1] ?? null);
  const correlationId = safeId(header(headers, 'x-correlation-id')) ?? traceId ?? requestId;
  return { requestId, correlationId, traceparent };
};
