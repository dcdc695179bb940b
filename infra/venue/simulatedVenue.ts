import type { VenueAck, VenueFill, VenueOrder, VenueOrderState, VenuePort } from '../../sagas/execution/venuePort.js';

/** fill: fills in parts after their delays; reject: refuses orders; silent: accepts and never fills. */
export type SimulatedVenueMode = 'fill' | 'reject' | 'silent';

/** One part of an order's quantity, filled `delayMs` after the order arrived. The last part takes the rest. */
export type FillPart = Readonly<{ fraction: number; delayMs: number }>;

export type SimulatedVenueOptions = Readonly<{
  /** The venue's time (tests pass the sagas' clock). */
  now?: () => Date;
  /** The price it fills at, per instrument or one for all ($/MWh). A BUY fills only at or below its limit, a SELL at or above. */
  price?: number | ((instrument: string) => number);
  parts?: readonly FillPart[];
  mode?: SimulatedVenueMode;
  rejectReason?: string;
}>;

type Order = Readonly<{ order: VenueOrder; venueOrderId: string; receivedAt: number; mode: SimulatedVenueMode }> & { cancelledAt: number | null };

export type SimulatedVenue = VenuePort &
  Readonly<{
    setMode: (mode: SimulatedVenueMode) => void;
    /** How many submissions arrived (a repeated one included) and how many distinct orders it holds. */
    stats: () => Readonly<{ submissions: number; orders: number; cancels: number }>;
  }>;

const round = (mwh: number): number => Math.round(mwh * 1e6) / 1e6;

/** A venue in memory for the embedded mode and tests: deterministic fills, rejects and silence on demand. */
export const createSimulatedVenue = ({ now = () => new Date(), price = 50, parts = [{ fraction: 1, delayMs: 0 }], mode: initialMode = 'fill', rejectReason = 'instrument halted' }: SimulatedVenueOptions = {}): SimulatedVenue => {
  const orders = new Map<string, Order>();
  let mode = initialMode;
  let submissions = 0;
  let cancels = 0;
  const priceOf = (instrument: string): number => (typeof price === 'function' ? price(instrument) : price);

  const fillsOf = (held: Order): VenueFill[] => {
    if (held.mode !== 'fill') return [];
    const { order } = held;
    const at = priceOf(order.instrument);
    if (order.side === 'BUY' ? at > order.limitPrice : at < order.limitPrice) return []; // rests on the book
    const until = Math.min(now().getTime(), held.cancelledAt ?? Number.POSITIVE_INFINITY);
    const fills: VenueFill[] = [];
    let given = 0;
    parts.forEach((part, index) => {
      const due = held.receivedAt + part.delayMs;
      if (due > until) return;
      const quantityMwh = index === parts.length - 1 ? round(order.quantityMwh - given) : round(order.quantityMwh * part.fraction);
      given = round(given + quantityMwh);
      if (quantityMwh > 0) fills.push({ fillId: `${held.venueOrderId}-F${index + 1}`, quantityMwh, price: at, at: new Date(due).toISOString() });
    });
    return fills;
  };

  const stateOf = (held: Order | undefined): VenueOrderState => {
    if (held === undefined) return { status: 'unknown', fills: [] };
    const fills = fillsOf(held);
    const filled = round(fills.reduce((sum, fill) => sum + fill.quantityMwh, 0)) >= held.order.quantityMwh;
    return { status: filled ? 'filled' : held.cancelledAt !== null ? 'cancelled' : 'open', fills };
  };

  return {
    submit: async (order): Promise<VenueAck> => {
      submissions += 1;
      const held = orders.get(order.clientOrderId);
      if (held !== undefined) return { status: 'accepted', venueOrderId: held.venueOrderId }; // the same order again
      if (mode === 'reject') return { status: 'rejected', reason: rejectReason };
      const venueOrderId = `SIM-${orders.size + 1}`;
      orders.set(order.clientOrderId, { order, venueOrderId, receivedAt: now().getTime(), mode, cancelledAt: null });
      return { status: 'accepted', venueOrderId };
    },
    orderState: async (clientOrderId) => stateOf(orders.get(clientOrderId)),
    cancel: async (clientOrderId) => {
      cancels += 1;
      const held = orders.get(clientOrderId);
      if (held !== undefined && held.cancelledAt === null && stateOf(held).status === 'open') held.cancelledAt = now().getTime();
      return stateOf(held);
    },
    setMode: (next) => {
      mode = next;
    },
    stats: () => ({ submissions, orders: orders.size, cancels }),
  };
};
