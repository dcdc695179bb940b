import { describe, it } from 'node:test';
import { tradingDecider } from '../../../domain/trading/tradingDecider.js';
import { cancelTrade, tradeCancelled, tradeFilled, tradePlaced } from './fixtures.js';
import { spec } from './spec.js';

const { given } = spec(tradingDecider);

describe('CancelTrade', () => {
  it('rejects cancelling an unknown trade: TRADE_NOT_FOUND', () => {
    given([]).when(cancelTrade()).thenError('TRADE_NOT_FOUND', { tradeId: 't-1' });
  });

  it('cancels an open trade, with or without a reason', () => {
    given([tradePlaced()]).when(cancelTrade()).then([tradeCancelled()]);
    given([tradePlaced()]).when(cancelTrade(null)).then([tradeCancelled(null)]);
  });

  it('cancels the rest of a partly filled trade', () => {
    given([tradePlaced(), tradeFilled('f-1', 4, 4)]).when(cancelTrade()).then([tradeCancelled()]);
  });

  it('does nothing when the trade is already cancelled', () => {
    given([tradePlaced(), tradeCancelled('first')]).when(cancelTrade('second')).thenNothing();
  });

  it('rejects cancelling a filled trade: TRADE_NOT_OPEN', () => {
    given([tradePlaced(), tradeFilled('f-1', 10, 10)]).when(cancelTrade()).thenError('TRADE_NOT_OPEN', { status: 'filled' });
  });
});
