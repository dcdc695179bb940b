import type { VenueAck, VenueOrderState, VenuePort } from '../../sagas/execution/venuePort.js';

/** The venue refused the request (4xx): another try would not help. */
export class VenueRequestError extends Error {
  readonly code = 'VENUE_BAD_REQUEST';
  readonly retryable = false;
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = 'VenueRequestError';
  }
}

/** The venue could not be reached, timed out or failed (5xx, 408, 429): worth another try. */
export class VenueUnavailableError extends Error {
  readonly code = 'VENUE_UNAVAILABLE';
  constructor(message: string, readonly status: number | null = null) {
    super(message);
    this.name = 'VenueUnavailableError';
  }
}

export type HttpVenueOptions = Readonly<{ baseUrl: string; timeoutMs?: number; apiKey?: string | null; fetch?: typeof fetch }>;

/**
 * A venue behind a JSON HTTP API:
 *   POST /orders                         → { status: 'accepted', venueOrderId } | { status: 'rejected', reason }
 *   GET  /orders/:clientOrderId          → { status, fills: [{ fillId, quantityMwh, price, at }] } (404: unknown)
 *   POST /orders/:clientOrderId/cancel   → the same as GET, after the cancel
 * The client order id makes a repeated submission the same order.
 */
export const createHttpVenue = ({ baseUrl, timeoutMs = 5000, apiKey = null, fetch: fetchImpl = fetch }: HttpVenueOptions): VenuePort => {
  const call = async <T,>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T | null> => {
    let response: Response;
    try {
      response = await fetchImpl(new URL(path, baseUrl), {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new VenueUnavailableError(`${method} ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const text = await response.text();
    if (response.status === 404 && path !== '/orders') return null; // an order the venue never received
    if (response.status >= 500 || response.status === 408 || response.status === 429) throw new VenueUnavailableError(`${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`, response.status);
    if (!response.ok) throw new VenueRequestError(`${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`, response.status);
    return JSON.parse(text) as T;
  };
  const order = (clientOrderId: string): string => `/orders/${encodeURIComponent(clientOrderId)}`;
  return {
    submit: async (placed) => (await call<VenueAck>('POST', '/orders', placed))!,
    orderState: async (clientOrderId) => (await call<VenueOrderState>('GET', order(clientOrderId))) ?? { status: 'unknown', fills: [] },
    cancel: async (clientOrderId) => (await call<VenueOrderState>('POST', `${order(clientOrderId)}/cancel`)) ?? { status: 'unknown', fills: [] },
  };
};
