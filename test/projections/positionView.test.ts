import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { foldPositionViews, positionViewKey } from '../../projections/positionView.js';
import type { NewEvent } from '../../commands/eventStore.js';
import { filled, placed, recorded, type Side } from './tradingEvents.js';

const fill = (tradeId: string, side: Side, quantityMwh: number, price: number, instrument = 'ERCOT.HB_NORTH.DA'): NewEvent =>
  filled({ tradeId, side, quantityMwh, price, totalFilledMwh: quantityMwh, instrument });

const position = (events: readonly NewEvent[], instrument = 'ERCOT.HB_NORTH.DA') =>
  foldPositionViews(recorded(events)).get(positionViewKey('acme', 'acc-1', instrument));

describe('evolvePositionView', () => {
  it('a BUY fill adds its MWh, a SELL fill subtracts them', () => {
    assert.equal(position([fill('t1', 'BUY', 10, 40), fill('t2', 'SELL', 4, 45)])?.netMwh, 6);
    assert.equal(position([fill('t1', 'SELL', 3, 40)])?.netMwh, -3);
  });

  it('placing a trade does not move a position', () => {
    assert.equal(position([placed({ tradeId: 't1' })]), undefined);
  });

  it('growing a position moves the average to the volume-weighted mean', () => {
    const view = position([fill('t1', 'BUY', 10, 40), fill('t2', 'BUY', 30, 60)]);
    assert.equal(view?.netMwh, 40);
    assert.equal(view?.averagePrice, 55);
  });

  it('shrinking a position keeps its average; crossing zero opens at the fill price; flat has none', () => {
    assert.equal(position([fill('t1', 'BUY', 10, 40), fill('t2', 'SELL', 4, 90)])?.averagePrice, 40);
    const crossed = position([fill('t1', 'BUY', 10, 40), fill('t2', 'SELL', 15, -20)]);
    assert.equal(crossed?.netMwh, -5);
    assert.equal(crossed?.averagePrice, -20);
    const flat = position([fill('t1', 'BUY', 10, 40), fill('t2', 'SELL', 10, 45)]);
    assert.equal(flat?.netMwh, 0);
    assert.equal(flat?.averagePrice, null);
  });

  it('decimal fills sum exactly (to the watt-hour)', () => {
    const view = position([fill('t1', 'BUY', 0.1, 40), fill('t2', 'BUY', 0.2, 40), fill('t3', 'SELL', 0.3, 40)]);
    assert.equal(view?.netMwh, 0);
    assert.equal(position([fill('t1', 'BUY', 0.1, 40), fill('t2', 'BUY', 0.2, 40)])?.netMwh, 0.3);
  });

  it('keeps instruments, accounts and tenants apart', () => {
    const views = foldPositionViews(recorded([
      fill('t1', 'BUY', 1, 40),
      fill('t2', 'BUY', 2, 40, 'ERCOT.HB_HOUSTON.RT'),
      filled({ tradeId: 't3', accountId: 'acc-2', quantityMwh: 3, price: 1, totalFilledMwh: 3 }),
      filled({ tradeId: 't4', tenant: 'globex', quantityMwh: 4, price: 1, totalFilledMwh: 4 }),
    ]));
    assert.deepEqual([...views.values()].map((v) => [v.tenant, v.accountId, v.instrument, v.netMwh]), [
      ['acme', 'acc-1', 'ERCOT.HB_NORTH.DA', 1],
      ['acme', 'acc-1', 'ERCOT.HB_HOUSTON.RT', 2],
      ['acme', 'acc-2', 'ERCOT.HB_NORTH.DA', 3],
      ['globex', 'acc-1', 'ERCOT.HB_NORTH.DA', 4],
    ]);
  });
});
