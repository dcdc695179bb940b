/**
 * A trading venue, as the execution saga uses it. Orders are addressed by the client order id the saga
 * gives them (deterministic: the submit action's id), so a submission repeated after a crash is the same
 * order, and an order whose submission timed out can still be asked about or cancelled.
 */
export type VenueOrder = Readonly<{
  clientOrderId: string;
  tradeId: string;
  accountId: string;
  instrument: string;
  side: 'BUY' | 'SELL';
  quantityMwh: number;
  limitPrice: number;
}>;

export type VenueAck = Readonly<{ status: 'accepted'; venueOrderId: string }> | Readonly<{ status: 'rejected'; reason: string }>;

/** A fill as the venue reports it; `fillId` is the venue's and stable, so recording it twice is harmless. */
export type VenueFill = Readonly<{ fillId: string; quantityMwh: number; price: number; at: string }>;

/** `unknown`: the venue has no order with this client id (a submission that never arrived). */
export type VenueOrderState = Readonly<{ status: 'open' | 'filled' | 'cancelled' | 'rejected' | 'unknown'; fills: readonly VenueFill[] }>;

/**
 * Errors: a thrown error with `retryable: false` (a request the venue refuses) fails the action at once;
 * any other (the venue unreachable, a timeout, a 5xx) is retried with backoff by the saga runtime.
 */
export type VenuePort = Readonly<{
  submit: (order: VenueOrder) => Promise<VenueAck>;
  orderState: (clientOrderId: string) => Promise<VenueOrderState>;
  /** Cancels what is not filled yet; returns the order's final state with every fill. Idempotent. */
  cancel: (clientOrderId: string) => Promise<VenueOrderState>;
}>;
