import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAppendRanges } from '../../../infra/eventStore/appendRanges.js';

describe('what a process knows of the log it appended', () => {
  const range = (after: number, upTo: number, ...types: string[]) => ({ after, upTo, types: new Set(types) });

  it('lets a reader skip a stretch without events of its types', () => {
    const ranges = createAppendRanges();
    ranges.record(range(10, 12, 'TradePlaced'));
    ranges.record(range(12, 15, 'TradeFilled', 'TradePlaced'));
    ranges.record(range(15, 16, 'AlertRaised'));
    assert.equal(ranges.quietUpTo(10, ['UserCreated']), 16);
    assert.equal(ranges.quietUpTo(12, ['AlertRaised']), 15, 'stops before the range holding its type');
    assert.equal(ranges.quietUpTo(10, ['TradeFilled']), 12);
    assert.equal(ranges.quietUpTo(15, ['TradeFilled']), 16);
  });

  it('knows nothing before its first batch, nor across another process\'s appends', () => {
    const ranges = createAppendRanges();
    ranges.record(range(10, 12, 'TradePlaced'));
    assert.equal(ranges.quietUpTo(5, ['UserCreated']), 5, 'positions 6..10 were written before it knew');
    ranges.record(range(14, 15, 'TradePlaced')); // 13 and 14 came from another process
    assert.equal(ranges.quietUpTo(10, ['UserCreated']), 10);
    assert.equal(ranges.quietUpTo(14, ['UserCreated']), 15);
  });

  it('is cautious in the middle of a range that holds its type', () => {
    const ranges = createAppendRanges();
    ranges.record(range(0, 10, 'A', 'B'));
    assert.equal(ranges.quietUpTo(5, ['A']), 5);
    assert.equal(ranges.quietUpTo(5, ['C']), 10);
  });
});
