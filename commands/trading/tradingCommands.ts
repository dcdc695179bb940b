import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { cancelTradeData, placeTradeData, recordFillData, type TradingCommand, type TradingCommandMetadata } from '../../domain/trading/commands.js';
import { parseTradingEvent, tradeStreamId, type TradingEvent } from '../../domain/trading/events.js';
import type { Trade } from '../../domain/trading/trade.js';
import { tradingDecider } from '../../domain/trading/tradingDecider.js';
import { tradingError } from '../../domain/trading/tradingError.js';
import { createCommandBus, type CommandContext, type CommandDefinition, type CommandResult } from '../commandBus.js';
import type { EventStore, RecordedEvent } from '../eventStore.js';
import type { Log } from '../log.js';
import type { Permission } from '../permissions.js';

export type { CommandContext, CommandResult } from '../commandBus.js';

export type TradeCommandResult = CommandResult & Readonly<{ tradeId: string }>;

/** The trading commands as the GraphQL gateway (and sagas, ingest) send them: input is unknown until validated. */
export type TradingCommands = Readonly<{
  /** Generates the trade id (a random UUID) when the input has none. */
  placeTrade(input: unknown, context: CommandContext): Promise<TradeCommandResult>;
  recordFill(input: unknown, context: CommandContext): Promise<TradeCommandResult>;
  cancelTrade(input: unknown, context: CommandContext): Promise<TradeCommandResult>;
}>;

export type RiskLimits = Readonly<{ maxTradeMwh: number }>;

export type TradingCommandsOptions = Readonly<{
  store: EventStore;
  maxRetries?: number;
  riskLimits?: (tenant: string) => RiskLimits;
  clock?: () => Date;
  log?: Log;
}>;

export const DEFAULT_MAX_TRADE_MWH = 1_000;

const defaultRiskLimits = (): RiskLimits => ({ maxTradeMwh: DEFAULT_MAX_TRADE_MWH });

const hasTradeId = (input: unknown): boolean => typeof input === 'object' && input !== null && (input as { tradeId?: unknown }).tradeId != null;

/** placeTrade's input: a missing trade id is generated, so the stream of that trade cannot exist yet. */
const placeTradeInput = placeTradeData.extend({ tradeId: z.preprocess((id) => id ?? randomUUID(), placeTradeData.shape.tradeId) });

const toTradingEvent = (event: RecordedEvent): TradingEvent => {
  const parsed = parseTradingEvent(event);
  if (parsed === null) throw new Error(`${event.streamId} holds ${event.type}, which is not a trading event`);
  return parsed;
};

/** Another tenant's trade looks absent; its id, though, is taken. */
const foreignTrade = (command: TradingCommand): Error => {
  const { tradeId } = command.data;
  return command.type === 'PlaceTrade'
    ? tradingError('TRADE_ID_CONFLICT', `Trade id ${tradeId} is taken`, { tradeId })
    : tradingError('TRADE_NOT_FOUND', `Trade ${tradeId} not found`, { tradeId });
};

export const createTradingCommands = ({
  store,
  maxRetries,
  riskLimits = defaultRiskLimits,
  clock = () => new Date(),
  log,
}: TradingCommandsOptions): TradingCommands => {
  const bus = createCommandBus({ store, ...(maxRetries === undefined ? {} : { maxRetries }), ...(log ? { log } : {}) });

  const metadata = (context: CommandContext): TradingCommandMetadata => ({
    now: clock().toISOString(),
    maxTradeMwh: riskLimits(context.tenant).maxTradeMwh,
  });

  const definition = <Data extends Readonly<{ tradeId: string }>>(
    name: TradingCommand['type'],
    permission: Permission,
    schema: z.ZodType<Data>,
    toCommand: (data: Data, context: CommandContext) => TradingCommand,
  ): CommandDefinition<Data, TradingCommand, Trade, TradingEvent> => ({
    name,
    permission,
    schema,
    toCommand,
    streamId: (data) => tradeStreamId(data.tradeId),
    decider: tradingDecider,
    toEvent: toTradingEvent,
    foreignStream: foreignTrade,
  });

  const placeTrade = definition('PlaceTrade', 'trade.place', placeTradeInput, (data, context) => ({ type: 'PlaceTrade', data, metadata: metadata(context) }));
  const recordFill = definition('RecordFill', 'trade.fill', recordFillData, (data, context) => ({ type: 'RecordFill', data, metadata: metadata(context) }));
  const cancelTrade = definition('CancelTrade', 'trade.cancel', cancelTradeData, (data, context) => ({ type: 'CancelTrade', data, metadata: metadata(context) }));

  const run =
    <Data extends Readonly<{ tradeId: string }>>(
      command: CommandDefinition<Data, TradingCommand, Trade, TradingEvent>,
      isNewStream: (input: unknown) => boolean = () => false,
    ) =>
    async (input: unknown, context: CommandContext): Promise<TradeCommandResult> => {
      const { data, result } = await bus.execute(command, input, context, { newStream: isNewStream(input) });
      return { ...result, tradeId: data.tradeId };
    };

  return { placeTrade: run(placeTrade, (input) => !hasTradeId(input)), recordFill: run(recordFill), cancelTrade: run(cancelTrade) };
};
