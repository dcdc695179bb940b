import type { SagaView } from '../sagas/sagaView.js';
import type { AlertView } from './alerts/alertView.js';

/**
 * The change feed: after a projection commits a batch, the runtime publishes what changed, so that
 * subscriptions and read-your-writes waiters learn of it. In one process it is an in-process emitter;
 * across processes an adapter relays it (Redis pub/sub).
 */
export type TradeView = Readonly<{
  id: string;
  tenant: string;
  accountId: string;
  instrument: string;
  side: 'BUY' | 'SELL';
  quantityMwh: number;
  filledMwh: number;
  limitPrice: number;
  averageFillPrice: number | null;
  status: 'OPEN' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELLED';
  version: number;
  placedAt: string;
  updatedAt: string;
}>;

export type PositionView = Readonly<{
  tenant: string;
  accountId: string;
  instrument: string;
  netMwh: number;
  averagePrice: number | null;
  updatedAt: string;
}>;

/** One change, at the log position of the event that caused it. */
export type ChangeItem =
  | Readonly<{ kind: 'trade'; tenant: string; at: number; trade: TradeView }>
  | Readonly<{ kind: 'position'; tenant: string; at: number; position: PositionView }>
  | Readonly<{ kind: 'alert'; tenant: string; at: number; alert: AlertView }>
  | Readonly<{ kind: 'saga'; tenant: string; at: number; saga: SagaView }>
  /** A document's processing ended (the search read model holds it indexed or failed). */
  | Readonly<{ kind: 'document'; tenant: string; at: number; documentId: string; status: 'INDEXED' | 'FAILED' }>;

export type Change = Readonly<{ projection: string; position: number; changes: readonly ChangeItem[] }>;

export type ChangeListener = (change: Change) => void;

export interface ChangeFeed {
  publish(change: Change): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void;
}

export const createInProcessChangeFeed = (): ChangeFeed => {
  const listeners = new Set<ChangeListener>();
  return {
    publish: (change) => {
      for (const listener of listeners) listener(change);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};
