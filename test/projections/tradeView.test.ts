import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evolveTradeView, foldTradeViews, tradeViewKey } from '../../projections/tradeView.js';
import { cancelled, filled, other, placed, recorded } from './tradingEvents.js';

describe('evolveTradeView', () => {
  it('given TradePlaced, the trade is OPEN with nothing filled', () => {
    const [event] = recorded([placed({ tradeId: 't1', tenant: 'acme', side: 'SELL', quantityMwh: 25, limitPrice: -12.5, placedAt: '2025-01-02T10:00:00Z' })]);
    assert.deepEqual(evolveTradeView(null, event!), {
      id: 't1', tenant: 'acme', accountId: 'acc-1', instrument: 'ERCOT.HB_NORTH.DA', side: 'SELL', quantityMwh: 25, filledMwh: 0,
      limitPrice: -12.5, averageFillPrice: null, status: 'OPEN', version: 1, placedAt: '2025-01-02T10:00:00.000Z', updatedAt: '2025-01-02T10:00:00.000Z',
    });
  });

  it('partial fills make it PARTIALLY_FILLED with the volume-weighted average fill price; the last one FILLED', () => {
    const trade = foldTradeViews(recorded([
      placed({ tradeId: 't1', quantityMwh: 10 }),
      filled({ tradeId: 't1', quantityMwh: 4, price: 40, totalFilledMwh: 4 }),
    ])).get(tradeViewKey('acme', 't1'));
    assert.equal(trade?.status, 'PARTIALLY_FILLED');
    assert.equal(trade?.filledMwh, 4);
    assert.equal(trade?.averageFillPrice, 40);
    const done = foldTradeViews(recorded([
      placed({ tradeId: 't1', quantityMwh: 10 }),
      filled({ tradeId: 't1', quantityMwh: 4, price: 40, totalFilledMwh: 4 }),
      filled({ tradeId: 't1', quantityMwh: 6, price: 50, totalFilledMwh: 10, complete: true, filledAt: '2025-01-02T10:09:00.000Z' }),
    ])).get(tradeViewKey('acme', 't1'));
    assert.equal(done?.status, 'FILLED');
    assert.equal(done?.filledMwh, 10);
    assert.equal(done?.averageFillPrice, 46);
    assert.equal(done?.version, 3);
    assert.equal(done?.updatedAt, '2025-01-02T10:09:00.000Z');
  });

  it('TradeCancelled makes it CANCELLED and keeps what was filled', () => {
    const trade = foldTradeViews(recorded([
      placed({ tradeId: 't1' }),
      filled({ tradeId: 't1', quantityMwh: 1, price: 30, totalFilledMwh: 1 }),
      cancelled({ tradeId: 't1' }),
    ])).get(tradeViewKey('acme', 't1'));
    assert.equal(trade?.status, 'CANCELLED');
    assert.equal(trade?.filledMwh, 1);
    assert.equal(trade?.updatedAt, '2025-01-02T11:00:00.000Z');
  });

  it('keeps tenants apart: the same trade id in two tenants is two trades', () => {
    const views = foldTradeViews(recorded([placed({ tradeId: 't1', tenant: 'acme' }), placed({ tradeId: 't1', tenant: 'globex', quantityMwh: 3 })]));
    assert.equal(views.size, 2);
    assert.equal(views.get(tradeViewKey('globex', 't1'))?.quantityMwh, 3);
  });

  it('ignores events that are not about trades, and fills of an unknown trade', () => {
    const [event] = recorded([other()]);
    assert.equal(evolveTradeView(null, event!), null);
    const [fill] = recorded([filled({ tradeId: 'ghost', quantityMwh: 1, price: 1, totalFilledMwh: 1 })]);
    assert.equal(evolveTradeView(null, fill!), null);
  });

  it('rejects a trading event whose payload breaks its schema', () => {
    const [event] = recorded([{ ...placed({ tradeId: 't1' }), data: { tradeId: 't1' } }]);
    assert.throws(() => evolveTradeView(null, event!));
  });
});
