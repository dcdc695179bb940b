import type { TradingCommands } from '../../commands/trading/tradingCommands.js';
import { roundMwh } from '../../domain/trading/trade.js';
import type { ActionContext, ActionHandlers } from '../actionHandler.js';
import { sagaCommandContext } from '../onboardingHandlers.js';
import { checkPositionLimit, type AccountExposurePort } from './accountExposure.js';
import type { VenueFill, VenueOrder, VenuePort } from './venuePort.js';

export type ExecutionHandlerDeps = Readonly<{
  trading: Pick<TradingCommands, 'recordFill' | 'cancelTrade'>;
  venue: VenuePort;
  exposure: AccountExposurePort;
  /** The tenant's risk profile: the largest net position per instrument an account may hold. */
  maxPositionMwh: (tenant: string) => number;
  /** Resolves once the read model `exposure` reads has caught up with the log (the fills just before this trade). */
  catchUp?: () => Promise<void>;
}>;

const isCode = (error: unknown, code: string): boolean => (error as { code?: unknown } | null)?.code === code;

/**
 * The execution saga's actions. Each is idempotent: the venue knows the order by its client order id,
 * fills are recorded under the venue's fill ids (RecordFill applies a fill id once), CancelTrade twice is a no-op.
 */
export const createExecutionHandlers = ({ trading, venue, exposure, maxPositionMwh, catchUp = async () => undefined }: ExecutionHandlerDeps): ActionHandlers => {
  /** Records the venue's fills in order; returns the filled MWh the venue reports. */
  const recordFills = async (tradeId: string, fills: readonly VenueFill[], context: ActionContext): Promise<number> => {
    for (const fill of fills) {
      try {
        await trading.recordFill({ tradeId, fillId: fill.fillId, quantityMwh: fill.quantityMwh, price: fill.price }, sagaCommandContext(context));
      } catch (error) {
        if (!isCode(error, 'TRADE_NOT_OPEN')) throw error; // cancelled meanwhile: the fills after it cannot apply
        break;
      }
    }
    return roundMwh(fills.reduce((sum, fill) => sum + fill.quantityMwh, 0));
  };

  return {
    'execution.checkRisk': async (input, context) => {
      const { tradeId, accountId, instrument, side, quantityMwh } = input as { tradeId: string; accountId: string; instrument: string; side: 'BUY' | 'SELL'; quantityMwh: number };
      await catchUp();
      const current = await exposure({ tenant: context.tenant, accountId, instrument, excludeTradeId: tradeId });
      return checkPositionLimit(current, { side, quantityMwh }, maxPositionMwh(context.tenant));
    },
    'execution.submit': async (input) => venue.submit(input as VenueOrder),
    'execution.poll': async (input, context) => {
      const { tradeId, clientOrderId } = input as { tradeId: string; clientOrderId: string };
      const state = await venue.orderState(clientOrderId);
      return { status: state.status, filledMwh: await recordFills(tradeId, state.fills, context), fills: state.fills.length };
    },
    'execution.cancel': async (input, context) => {
      const { tradeId, clientOrderId, reason } = input as { tradeId: string; clientOrderId: string | null; reason: string };
      const state = clientOrderId === null ? null : await venue.cancel(clientOrderId);
      const filledMwh = state === null ? 0 : await recordFills(tradeId, state.fills, context);
      try {
        const result = await trading.cancelTrade({ tradeId, reason: reason.slice(0, 500) }, sagaCommandContext(context));
        return { filledMwh, tradeCancelled: true, venueStatus: state?.status ?? null, position: result.position };
      } catch (error) {
        if (!isCode(error, 'TRADE_NOT_OPEN')) throw error; // filled completely before the cancel reached the venue
        return { filledMwh, tradeCancelled: false, venueStatus: state?.status ?? null };
      }
    },
  };
};
