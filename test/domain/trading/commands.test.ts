import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cancelTradeData, placeTradeData, recordFillData } from '../../../domain/trading/commands.js';
import { terms } from './fixtures.js';

const failingPath = (result: { success: boolean; error?: { issues: readonly { path: readonly PropertyKey[] }[] } }) =>
  result.error?.issues.map((issue) => issue.path.join('.'));

describe('trading command schemas', () => {
  it('accept prices across the ERCOT range, negative included', () => {
    for (const limitPrice of [-250, 0, 5000]) assert.equal(placeTradeData.safeParse({ ...terms, limitPrice }).success, true);
    assert.equal(recordFillData.safeParse({ tradeId: 't-1', fillId: 'f-1', quantityMwh: 1, price: -250 }).success, true);
  });

  it('reject non-positive or non-finite quantities and non-finite prices, naming the field', () => {
    for (const quantityMwh of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '10']) {
      assert.deepEqual(failingPath(placeTradeData.safeParse({ ...terms, quantityMwh })), ['quantityMwh']);
    }
    assert.deepEqual(failingPath(placeTradeData.safeParse({ ...terms, limitPrice: Number.NaN })), ['limitPrice']);
    assert.deepEqual(failingPath(recordFillData.safeParse({ tradeId: 't-1', fillId: 'f-1', quantityMwh: 1, price: Infinity })), ['price']);
  });

  it('reject malformed ids, sides and instruments', () => {
    assert.deepEqual(failingPath(placeTradeData.safeParse({ ...terms, tradeId: 'a b' })), ['tradeId']);
    assert.deepEqual(failingPath(placeTradeData.safeParse({ ...terms, side: 'HOLD' })), ['side']);
    assert.deepEqual(failingPath(placeTradeData.safeParse({ ...terms, instrument: 'ERCOT..DA' })), ['instrument']);
    assert.deepEqual(failingPath(placeTradeData.safeParse({ ...terms, accountId: '  ' })), ['accountId']);
  });

  it('default a missing cancel reason to null', () => {
    assert.deepEqual(cancelTradeData.parse({ tradeId: 't-1' }), { tradeId: 't-1', reason: null });
  });
});
