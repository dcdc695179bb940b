import { z } from 'zod';
import type { CommandContext } from '../commandBus.js';
import type { TradingCommands } from '../trading/tradingCommands.js';
import { asRejection, InboundRejection, type InboundHandler, type InboundMessage } from './inboundHandler.js';

/**
 * The anti-corruption mapping for `battalion.trades`: trades executed on the Battalion partner platform.
 * Each message is one execution (JSON); it becomes a trade placed at the execution's terms and one fill of
 * its whole volume, with ids derived from the execution id, so a redelivered message changes nothing.
 */
export const battalionExecution = z.object({
  executionId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/),
  account: z.string().min(1),
  market: z.string().min(1),
  direction: z.enum(['BUY', 'SELL']),
  volumeMwh: z.number().positive(),
  priceEurMwh: z.number(),
  executedAt: z.iso.datetime(),
});
export type BattalionExecution = z.infer<typeof battalionExecution>;

export const BATTALION_TRADES_TOPIC = 'battalion.trades';
const ROLES = ['energy.trader', 'venue'] as const;

const decode = (message: InboundMessage): BattalionExecution => {
  let json: unknown;
  try {
    json = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch (error) {
    throw new InboundRejection('INGEST_UNDECODABLE', `not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = battalionExecution.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InboundRejection('INGEST_INVALID', `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
};

export const battalionTradeId = (executionId: string): string => `battalion.${executionId}`;

export const createBattalionTradesHandler = ({ trading, tenant, topic = BATTALION_TRADES_TOPIC }: Readonly<{ trading: TradingCommands; tenant: string; topic?: string }>): InboundHandler => ({
  topic,
  handle: async (message) => {
    const execution = decode(message);
    const tradeId = battalionTradeId(execution.executionId);
    const context: CommandContext = {
      tenant, // the partner's tenant is configured, never taken from the message
      actor: 'ingest:battalion',
      roles: ROLES,
      correlationId: `${topic}:${execution.executionId}`,
      traceparent: message.headers['traceparent'] ?? null,
    };
    const { account, market, direction, volumeMwh, priceEurMwh } = execution;
    try {
      await trading.placeTrade({ tradeId, accountId: account, instrument: market, side: direction, quantityMwh: volumeMwh, limitPrice: priceEurMwh }, context);
      await trading.recordFill({ tradeId, fillId: `battalion.${execution.executionId}.fill`, quantityMwh: volumeMwh, price: priceEurMwh }, context);
    } catch (error) {
      throw asRejection(error) ?? error;
    }
  },
});
