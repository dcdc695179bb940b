import type { EventStore } from '../commands/eventStore.js';
import type { ChangeFeed, PositionView, TradeView } from '../projections/changeFeed.js';
import type { AlertServices, IdentityServices, SagaServices } from './schema/sagas/contextServices.js';
import type { SyncServices } from './schema/sync/syncServices.js';
import type { AutomationServices } from './schema/automations/automationServices.js';
import type { DocumentServices } from './schema/documents/documentServices.js';

/** What a command needs to know about its caller (the same shape as commands/ CommandContext). */
export type CallerContext = Readonly<{
  tenant: string;
  actor: string;
  roles: readonly string[];
  correlationId: string;
  traceparent: string | null;
}>;

export type TradeCommandResult = Readonly<{ tradeId: string; position: number; appended: boolean }>;

/** The command side as the gateway uses it (commands/trading/tradingCommands.ts satisfies it). */
export type TradingCommandsPort = Readonly<{
  placeTrade: (input: unknown, ctx: CallerContext) => Promise<TradeCommandResult>;
  recordFill: (input: unknown, ctx: CallerContext) => Promise<TradeCommandResult>;
  cancelTrade: (input: unknown, ctx: CallerContext) => Promise<TradeCommandResult>;
}>;

/** The read models a query reads, by projection name. */
export type ReadModelName = 'trades' | 'positions' | 'users' | 'alerts' | 'sagas' | 'sync' | 'automations';

/** Read-your-writes: resolves once the read models (`projections`) have applied the log up to `position`. */
export type ConsistencyPort = Readonly<{
  waitFor: (position: number, options: { timeoutMs: number; signal?: AbortSignal; projections: readonly ReadModelName[] }) => Promise<void>;
}>;

export type TradePage = Readonly<{ items: readonly TradeView[]; endCursor: string | null; hasNextPage: boolean }>;
export type TradeUpdate = Readonly<{ trade: TradeView; cursor: number }>;
export type PositionUpdate = Readonly<{ position: PositionView; cursor: number }>;

/** The read models' queries, every one scoped to a tenant (projections/ query functions bound to a Sql). */
export type ReadModelsPort = Readonly<{
  getTrade: (q: { tenant: string; id: string }) => Promise<TradeView | null>;
  listTrades: (q: { tenant: string; accountId?: string; status?: TradeView['status']; first: number; after?: string }) => Promise<TradePage>;
  listPositions: (q: { tenant: string; accountId: string }) => Promise<readonly PositionView[]>;
  /** Updates with a cursor past `after`, in log order, at most `limit`. */
  tradeUpdatesAfter: (q: { tenant: string; accountId?: string; after: number; limit: number }) => Promise<readonly TradeUpdate[]>;
  positionUpdatesAfter: (q: { tenant: string; accountId: string; after: number; limit: number }) => Promise<readonly PositionUpdate[]>;
}>;

/** Everything the GraphQL resolvers reach, handed to them through the context. */
export type GatewayServices = Readonly<{
  readModels: ReadModelsPort;
  events: Pick<EventStore, 'readStream'>;
  trading: TradingCommandsPort;
  consistency: ConsistencyPort;
  changes: ChangeFeed;
  consistencyTimeoutMs: number;
  identity: IdentityServices;
  alerts: AlertServices;
  sagas: SagaServices;
  /** Data sync (absent: its fields answer SERVICE_UNAVAILABLE). */
  sync?: SyncServices;
  /** Automations (absent: their fields answer SERVICE_UNAVAILABLE). */
  automations?: AutomationServices;
  /** Documents and search (absent: their fields answer SERVICE_UNAVAILABLE). */
  documents?: DocumentServices;
}>;
