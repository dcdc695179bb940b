import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fold } from '../../../domain/shared/decider.js';
import { tradingDecider } from '../../../domain/trading/tradingDecider.js';
import { placedAt, terms, tradeCancelled, tradeFilled, tradePlaced } from './fixtures.js';

const stateAfter = (...events: Parameters<typeof tradingDecider.evolve>[1][]) => fold(tradingDecider, events);

describe('evolve', () => {
  it('starts with no trade', () => {
    assert.deepEqual(tradingDecider.initialState(), { status: 'none' });
  });

  it('walks a trade through open, partly filled and filled', () => {
    assert.deepEqual(stateAfter(tradePlaced()), { status: 'open', ...terms, placedAt, filledMwh: 0, fillIds: [] });
    assert.deepEqual(stateAfter(tradePlaced(), tradeFilled('f-1', 4, 4)), { status: 'partiallyFilled', ...terms, placedAt, filledMwh: 4, fillIds: ['f-1'] });
    assert.deepEqual(stateAfter(tradePlaced(), tradeFilled('f-1', 4, 4), tradeFilled('f-2', 6, 10)), {
      status: 'filled',
      ...terms,
      placedAt,
      filledMwh: 10,
      fillIds: ['f-1', 'f-2'],
    });
  });

  it('keeps the fills of a cancelled trade', () => {
    const state = stateAfter(tradePlaced(), tradeFilled('f-1', 4, 4), tradeCancelled('late'));
    assert.equal(state.status, 'cancelled');
    assert.ok(state.status === 'cancelled');
    assert.equal(state.reason, 'late');
    assert.equal(state.filledMwh, 4);
  });

  it('never throws: events that cannot apply leave the state as it is', () => {
    assert.deepEqual(stateAfter(tradeFilled('f-1', 1, 1)), { status: 'none' });
    assert.deepEqual(stateAfter(tradeCancelled()), { status: 'none' });
    assert.deepEqual(stateAfter(tradePlaced(), tradePlaced({ accountId: 'other' })), stateAfter(tradePlaced()));
  });
});
