import { describe, it } from 'node:test';
import { tradingDecider } from '../../../domain/trading/tradingDecider.js';
import { now, recordFill, terms, tradeCancelled, tradeFilled, tradePlaced } from './fixtures.js';
import { spec } from './spec.js';

const { given } = spec(tradingDecider);

describe('RecordFill', () => {
  it('rejects a fill of an unknown trade: TRADE_NOT_FOUND', () => {
    given([]).when(recordFill('f-1', 1)).thenError('TRADE_NOT_FOUND', { tradeId: 't-1' });
  });

  it('records a partial fill with the trade terms and the running total', () => {
    given([tradePlaced()])
      .when(recordFill('f-1', 4, -3))
      .then([
        {
          type: 'TradeFilled',
          data: { tradeId: 't-1', fillId: 'f-1', accountId: 'acct-7', instrument: terms.instrument, side: 'BUY', quantityMwh: 4, price: -3, totalFilledMwh: 4, complete: false, filledAt: now },
        },
      ]);
  });

  it('marks the fill that completes the quantity', () => {
    given([tradePlaced(), tradeFilled('f-1', 4, 4)])
      .when(recordFill('f-2', 6))
      .then([tradeFilled('f-2', 6, 10)]);
  });

  it('adds decimal fills exactly: 0.1 + 0.2 completes a 0.3 MWh trade', () => {
    const placed = tradePlaced({ quantityMwh: 0.3 });
    given([placed, tradeFilled('f-1', 0.1, 0.1, { complete: false })])
      .when(recordFill('f-2', 0.2))
      .then([tradeFilled('f-2', 0.2, 0.3, { complete: true })]);
  });

  it('does nothing when a fill id was already applied, also after the trade filled or was cancelled', () => {
    given([tradePlaced(), tradeFilled('f-1', 4, 4)]).when(recordFill('f-1', 4)).thenNothing();
    given([tradePlaced(), tradeFilled('f-1', 10, 10)]).when(recordFill('f-1', 10)).thenNothing();
    given([tradePlaced(), tradeFilled('f-1', 4, 4), tradeCancelled()]).when(recordFill('f-1', 4)).thenNothing();
  });

  it('rejects a fill past the quantity: TRADE_OVERFILLED', () => {
    given([tradePlaced(), tradeFilled('f-1', 4, 4)])
      .when(recordFill('f-2', 6.5))
      .thenError('TRADE_OVERFILLED', { quantityMwh: 10, filledMwh: 4, fillMwh: 6.5 });
    given([tradePlaced()]).when(recordFill('f-1', 10.000001)).thenError('TRADE_OVERFILLED');
  });

  it('rejects any new fill of a filled trade: TRADE_OVERFILLED', () => {
    given([tradePlaced(), tradeFilled('f-1', 10, 10)]).when(recordFill('f-2', 1)).thenError('TRADE_OVERFILLED', { filledMwh: 10 });
  });

  it('rejects a fill of a cancelled trade: TRADE_NOT_OPEN', () => {
    given([tradePlaced(), tradeCancelled()]).when(recordFill('f-1', 1)).thenError('TRADE_NOT_OPEN', { status: 'cancelled' });
    given([tradePlaced(), tradeFilled('f-1', 4, 4), tradeCancelled()]).when(recordFill('f-2', 1)).thenError('TRADE_NOT_OPEN');
  });
});
