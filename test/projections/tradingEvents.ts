import type { NewEvent, RecordedEvent } from '../../commands/eventStore.js';

/** Builders of trading events for projection tests (the payloads the trading decider emits). */
export type Side = 'BUY' | 'SELL';

const metadata = (tenant: string) => ({
  tenant,
  actor: 'user-1',
  correlationId: 'corr-1',
  causationId: null,
  traceparent: null,
  schemaVersion: 1,
});

let counter = 0;
const eventId = (): string => `evt-${process.pid}-${Date.now()}-${++counter}`;

export const placed = (
  { tenant = 'acme', tradeId, accountId = 'acc-1', instrument = 'ERCOT.HB_NORTH.DA', side = 'BUY', quantityMwh = 10, limitPrice = 50, placedAt = '2025-01-02T10:00:00.000Z' }:
  { tenant?: string; tradeId: string; accountId?: string; instrument?: string; side?: Side; quantityMwh?: number; limitPrice?: number; placedAt?: string },
): NewEvent => ({
  eventId: eventId(),
  type: 'TradePlaced',
  data: { tradeId, accountId, instrument, side, quantityMwh, limitPrice, placedAt },
  metadata: metadata(tenant),
});

export const filled = (
  { tenant = 'acme', tradeId, fillId = `${tradeId}-fill-${++counter}`, accountId = 'acc-1', instrument = 'ERCOT.HB_NORTH.DA', side = 'BUY', quantityMwh, price, totalFilledMwh, complete = false, filledAt = '2025-01-02T10:05:00.000Z' }:
  { tenant?: string; tradeId: string; fillId?: string; accountId?: string; instrument?: string; side?: Side; quantityMwh: number; price: number; totalFilledMwh: number; complete?: boolean; filledAt?: string },
): NewEvent => ({
  eventId: eventId(),
  type: 'TradeFilled',
  data: { tradeId, fillId, accountId, instrument, side, quantityMwh, price, totalFilledMwh, complete, filledAt },
  metadata: metadata(tenant),
});

export const cancelled = (
  { tenant = 'acme', tradeId, reason = null, cancelledAt = '2025-01-02T11:00:00.000Z' }:
  { tenant?: string; tradeId: string; reason?: string | null; cancelledAt?: string },
): NewEvent => ({
  eventId: eventId(),
  type: 'TradeCancelled',
  data: { tradeId, reason, cancelledAt },
  metadata: metadata(tenant),
});

export const other = (tenant = 'acme'): NewEvent => ({ eventId: eventId(), type: 'DocumentUploaded', data: { documentId: 'doc-1' }, metadata: metadata(tenant) });

/** Gives events the positions and stream versions an empty store would, for the pure folds. */
export const recorded = (events: readonly NewEvent[]): RecordedEvent[] => {
  const versions = new Map<string, number>();
  return events.map((event, index) => {
    const tradeId = event.data['tradeId'];
    const streamId = typeof tradeId === 'string' ? `trade-${tradeId}` : 'document-1';
    const version = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, version);
    return { ...event, streamId, version, position: index + 1, recordedAt: '2025-01-02T12:00:00.000Z' };
  });
};
