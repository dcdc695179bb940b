import type { TradePage } from '../../gatewayServices.js';
import { requirePermission } from '../../auth/authorize.js';
import { badUserInput } from '../../errors/gatewayError.js';
import { builder } from '../builder.js';
import { consistentWith } from '../consistentWith.js';
import { PositionRef } from './positionType.js';
import { TradeRef, TradeStatus } from './tradeType.js';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;

const PageInfoRef = builder.objectRef<Pick<TradePage, 'endCursor' | 'hasNextPage'>>('PageInfo').implement({
  fields: (t) => ({
    endCursor: t.exposeString('endCursor', { nullable: true, description: 'Pass it as `after` for the next page.' }),
    hasNextPage: t.exposeBoolean('hasNextPage'),
  }),
});

const TradeConnectionRef = builder.objectRef<TradePage>('TradeConnection').implement({
  description: 'A page of trades, newest first.',
  fields: (t) => ({
    nodes: t.field({ type: [TradeRef], resolve: (page) => page.items }),
    pageInfo: t.field({ type: PageInfoRef, resolve: (page) => page }),
  }),
});

builder.queryFields((t) => ({
  trade: t.field({
    type: TradeRef,
    nullable: true,
    description: "One of the caller's tenant's trades; null when there is none with this id.",
    args: { id: t.arg.id({ required: true }), consistentWith: t.arg({ type: 'LogPosition' }) },
    resolve: async (_root, args, ctx) => {
      const { tenant } = requirePermission(ctx, 'trade.read');
      await consistentWith(ctx, args.consistentWith, ['trades']);
      return ctx.services.readModels.getTrade({ tenant, id: String(args.id) });
    },
  }),
  trades: t.field({
    type: TradeConnectionRef,
    args: {
      accountId: t.arg.string(),
      status: t.arg({ type: TradeStatus }),
      first: t.arg.int({ description: `Page size, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` }),
      after: t.arg.string({ description: "The previous page's pageInfo.endCursor." }),
      consistentWith: t.arg({ type: 'LogPosition' }),
    },
    resolve: async (_root, args, ctx) => {
      const { tenant } = requirePermission(ctx, 'trade.read');
      const first = args.first ?? DEFAULT_PAGE_SIZE;
      if (first < 1 || first > MAX_PAGE_SIZE) throw badUserInput('first', `first must be between 1 and ${MAX_PAGE_SIZE}`);
      await consistentWith(ctx, args.consistentWith, ['trades']);
      return ctx.services.readModels.listTrades({
        tenant,
        first,
        ...(args.accountId ? { accountId: args.accountId } : {}),
        ...(args.status ? { status: args.status } : {}),
        ...(args.after ? { after: args.after } : {}),
      });
    },
  }),
  positions: t.field({
    type: [PositionRef],
    description: "An account's net positions, one per instrument.",
    args: { accountId: t.arg.string({ required: true }), consistentWith: t.arg({ type: 'LogPosition' }) },
    resolve: async (_root, args, ctx) => {
      const { tenant } = requirePermission(ctx, 'trade.read');
      await consistentWith(ctx, args.consistentWith, ['positions']);
      return ctx.services.readModels.listPositions({ tenant, accountId: args.accountId });
    },
  }),
}));

