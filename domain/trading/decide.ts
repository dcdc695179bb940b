import { assertNever } from '../shared/domainError.js';
import type { CancelTrade, PlaceTrade, RecordFill, TradingCommand } from './commands.js';
import type { TradingEvent } from './events.js';
import { addMwh, roundMwh, type Trade, type TradeTerms } from './trade.js';
import { tradingError } from './tradingError.js';

const notFound = (tradeId: string) => tradingError('TRADE_NOT_FOUND', `Trade ${tradeId} not found`, { tradeId });

const sameTerms = (data: PlaceTrade['data'], trade: TradeTerms): boolean =>
  data.accountId === trade.accountId &&
  data.instrument === trade.instrument &&
  data.side === trade.side &&
  data.quantityMwh === trade.quantityMwh &&
  data.limitPrice === trade.limitPrice;

const place = ({ data, metadata }: PlaceTrade, state: Trade): TradingEvent[] => {
  if (state.status !== 'none') {
    if (sameTerms(data, state)) return []; // the same trade placed again: idempotent
    throw tradingError('TRADE_ID_CONFLICT', `Trade ${data.tradeId} was already placed with other terms`, { tradeId: data.tradeId });
  }
  if (data.quantityMwh > metadata.maxTradeMwh) {
    throw tradingError('RISK_LIMIT_EXCEEDED', `${data.quantityMwh} MWh exceeds the per-trade limit of ${metadata.maxTradeMwh} MWh`, {
      tradeId: data.tradeId,
      quantityMwh: data.quantityMwh,
      maxTradeMwh: metadata.maxTradeMwh,
    });
  }
  const { tradeId, accountId, instrument, side, quantityMwh, limitPrice } = data;
  return [{ type: 'TradePlaced', data: { tradeId, accountId, instrument, side, quantityMwh, limitPrice, placedAt: metadata.now } }];
};

const fill = ({ data, metadata }: RecordFill, state: Trade): TradingEvent[] => {
  if (state.status === 'none') throw notFound(data.tradeId);
  if (state.fillIds.includes(data.fillId)) return []; // a fill is applied once
  if (state.status === 'cancelled') {
    throw tradingError('TRADE_NOT_OPEN', `Trade ${data.tradeId} is cancelled`, { tradeId: data.tradeId, status: state.status });
  }
  // A filled trade falls through: any further MWh overfill it.
  const totalFilledMwh = addMwh(state.filledMwh, data.quantityMwh);
  const quantityMwh = roundMwh(state.quantityMwh);
  if (totalFilledMwh > quantityMwh) {
    throw tradingError('TRADE_OVERFILLED', `A fill of ${data.quantityMwh} MWh would fill ${totalFilledMwh} of ${quantityMwh} MWh`, {
      tradeId: data.tradeId,
      quantityMwh,
      filledMwh: state.filledMwh,
      fillMwh: data.quantityMwh,
    });
  }
  const { accountId, instrument, side } = state;
  const filled = { tradeId: data.tradeId, fillId: data.fillId, accountId, instrument, side, quantityMwh: data.quantityMwh, price: data.price };
  return [{ type: 'TradeFilled', data: { ...filled, totalFilledMwh, complete: totalFilledMwh === quantityMwh, filledAt: metadata.now } }];
};

const cancel = ({ data, metadata }: CancelTrade, state: Trade): TradingEvent[] => {
  switch (state.status) {
    case 'none':
      throw notFound(data.tradeId);
    case 'cancelled':
      return []; // idempotent
    case 'filled':
      throw tradingError('TRADE_NOT_OPEN', `Trade ${data.tradeId} is filled`, { tradeId: data.tradeId, status: state.status });
    case 'open':
    case 'partiallyFilled':
      return [{ type: 'TradeCancelled', data: { tradeId: data.tradeId, reason: data.reason, cancelledAt: metadata.now } }];
    default:
      return assertNever(state);
  }
};

/** Trading rules: returns the events a command causes ([] when it changes nothing), or throws a TradingError. */
export const decide = (command: TradingCommand, state: Trade): TradingEvent[] => {
  switch (command.type) {
    case 'PlaceTrade':
      return place(command, state);
    case 'RecordFill':
      return fill(command, state);
    case 'CancelTrade':
      return cancel(command, state);
    default:
      return assertNever(command);
  }
};
