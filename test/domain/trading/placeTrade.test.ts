import { describe, it } from 'node:test';
import { tradingDecider } from '../../../domain/trading/tradingDecider.js';
import { now, placeTrade, terms, tradeCancelled, tradeFilled, tradePlaced } from './fixtures.js';
import { spec } from './spec.js';

const { given } = spec(tradingDecider);

describe('PlaceTrade', () => {
  it('places a new trade at the time the command carries, negative limit price included', () => {
    given([]).when(placeTrade()).then([{ type: 'TradePlaced', data: { ...terms, placedAt: now } }]);
  });

  it('accepts a quantity equal to the tenant limit', () => {
    given([]).when(placeTrade({ quantityMwh: 50 })).then([{ type: 'TradePlaced', data: { ...terms, quantityMwh: 50, placedAt: now } }]);
  });

  it('rejects a quantity above the tenant limit: RISK_LIMIT_EXCEEDED', () => {
    given([]).when(placeTrade({ quantityMwh: 50.5 })).thenError('RISK_LIMIT_EXCEEDED', { quantityMwh: 50.5, maxTradeMwh: 50 });
    given([]).when(placeTrade({}, { maxTradeMwh: 5 })).thenError('RISK_LIMIT_EXCEEDED', { maxTradeMwh: 5 });
  });

  it('does nothing when the same trade is placed again, whatever happened to it since', () => {
    given([tradePlaced()]).when(placeTrade()).thenNothing();
    given([tradePlaced(), tradeFilled('f-1', 4, 4)]).when(placeTrade()).thenNothing();
    given([tradePlaced(), tradeCancelled()]).when(placeTrade()).thenNothing();
  });

  it('does nothing on a retry even when the tenant limit was lowered since', () => {
    given([tradePlaced()]).when(placeTrade({}, { maxTradeMwh: 1 })).thenNothing();
  });

  it('rejects the same trade id with other terms: TRADE_ID_CONFLICT', () => {
    const others = [
      { accountId: 'acct-8' },
      { instrument: 'ERCOT.HB_HOUSTON.RT' },
      { side: 'SELL' },
      { quantityMwh: 11 },
      { limitPrice: 12.5 },
    ] as const;
    for (const other of others) given([tradePlaced()]).when(placeTrade(other)).thenError('TRADE_ID_CONFLICT', { tradeId: 't-1' });
  });
});
