import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reciprocalRankFusion } from '../../../projections/search/reciprocalRankFusion.js';

const ids = (...list: string[]) => list.map((id) => ({ id }));

describe('reciprocal rank fusion', () => {
  it('ranks an item found by both lists above items found by one', () => {
    const fused = reciprocalRankFusion([ids('a', 'b', 'c'), ids('d', 'c', 'a')]);
    assert.deepEqual(fused.map((f) => f.id), ['a', 'c', 'd', 'b']);
    assert.deepEqual(fused[0]?.ranks, [1, 3]);
    assert.equal(fused[0]?.score, 1 / 61 + 1 / 63);
    assert.deepEqual(fused.find((f) => f.id === 'b')?.ranks, [2, null]);
  });
  it('breaks ties by the best single rank, then by id, and keeps one list’s order', () => {
    assert.deepEqual(reciprocalRankFusion([ids('x', 'y'), ids('y', 'x')]).map((f) => f.id), ['x', 'y']);
    assert.deepEqual(reciprocalRankFusion([ids('p', 'q', 'r'), []]).map((f) => f.id), ['p', 'q', 'r']);
    assert.deepEqual(reciprocalRankFusion([ids('a', 'a')]).map((f) => f.ranks), [[1]]);
  });
});
