import type { GraphQLContext } from '../../context.js';
import type { TradeCommandResult, TradingCommandsPort } from '../../gatewayServices.js';
import { callerContext } from '../../auth/authorize.js';
import { builder } from '../builder.js';
import { consistentWith } from '../consistentWith.js';
import { TradeRef, TradeSide } from './tradeType.js';

const PlaceTradeInput = builder.inputType('PlaceTradeInput', {
  fields: (t) => ({
    tradeId: t.id({ description: 'Chosen by the client for idempotency (a UUID); generated when absent.' }),
    accountId: t.string({ required: true }),
    instrument: t.string({ required: true, description: 'e.g. ERCOT.HB_NORTH.DA' }),
    side: t.field({ type: TradeSide, required: true }),
    quantityMwh: t.float({ required: true }),
    limitPrice: t.float({ required: true, description: '$/MWh, may be negative' }),
  }),
});

const RecordFillInput = builder.inputType('RecordFillInput', {
  fields: (t) => ({
    tradeId: t.id({ required: true }),
    fillId: t.id({ required: true, description: "The venue's fill id: a fill id is applied once." }),
    quantityMwh: t.float({ required: true }),
    price: t.float({ required: true }),
  }),
});

const CancelTradeInput = builder.inputType('CancelTradeInput', {
  fields: (t) => ({ tradeId: t.id({ required: true }), reason: t.string() }),
});

const TradePayloadRef = builder.objectRef<TradeCommandResult>('TradePayload').implement({
  description: "A command's outcome: the trade as the read model shows it once the command is applied.",
  fields: (t) => ({
    tradeId: t.exposeID('tradeId'),
    consistencyToken: t.expose('position', {
      type: 'LogPosition',
      description: 'The log position of the write: pass it as `consistentWith` to read your own write.',
    }),
    appended: t.exposeBoolean('appended', { description: 'false when the command changed nothing (a repeat).' }),
    trade: t.field({
      type: TradeRef,
      nullable: true,
      description: 'Read after the projections passed consistencyToken (CONSISTENCY_TIMEOUT otherwise).',
      resolve: async (result, _args, ctx) => {
        await consistentWith(ctx, result.position, ['trades']);
        return ctx.services.readModels.getTrade({ tenant: callerContext(ctx).tenant, id: result.tradeId });
      },
    }),
  }),
});

/** GraphQL gives null for an absent optional field; commands' zod schemas expect it left out. */
const withoutNulls = (input: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined));

const run =
  (command: keyof TradingCommandsPort) =>
  async (_root: unknown, { input }: { input: object }, ctx: GraphQLContext): Promise<TradeCommandResult> => {
    const caller = callerContext(ctx);
    const { tradeId, position, appended } = await ctx.services.trading[command](withoutNulls(input), caller);
    ctx.log.info({ command, tradeId, position, appended }, 'command handled');
    return { tradeId, position, appended };
  };

builder.mutationFields((t) => ({
  placeTrade: t.field({
    type: TradePayloadRef,
    description: 'Needs trade.place (energy.trader, energy.admin).',
    args: { input: t.arg({ type: PlaceTradeInput, required: true }) },
    resolve: run('placeTrade'),
  }),
  recordFill: t.field({
    type: TradePayloadRef,
    description: 'Needs trade.fill (venue, energy.admin).',
    args: { input: t.arg({ type: RecordFillInput, required: true }) },
    resolve: run('recordFill'),
  }),
  cancelTrade: t.field({
    type: TradePayloadRef,
    description: 'Needs trade.cancel (energy.trader, energy.admin).',
    args: { input: t.arg({ type: CancelTradeInput, required: true }) },
    resolve: run('cancelTrade'),
  }),
}));
