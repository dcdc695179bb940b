import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractEntities, extractInstruments } from '../../../domain/documents/extractEntities.js';

const valuesOf = (text: string, type: string) => extractEntities(text).filter((e) => e.type === type).map((e) => e.value);

describe('entity extraction by patterns', () => {
  it('finds instrument symbols, once each, in order', () => {
    assert.deepEqual(extractInstruments('Long ERCOT.HB_NORTH.DA, short ERCOT.HB_HOUSTON.RT; add ERCOT.HB_NORTH.DA. Not ERCOT.HB_NORTH.XX.'), ['ERCOT.HB_NORTH.DA', 'ERCOT.HB_HOUSTON.RT']);
  });
  it('finds hubs, load zones and markets', () => {
    const text = 'Spreads between HB_WEST and LZ_HOUSTON widened in ERCOT while PJM stayed flat.';
    assert.deepEqual(valuesOf(text, 'hub'), ['HB_WEST', 'LZ_HOUSTON']);
    assert.deepEqual(valuesOf(text, 'market'), ['ERCOT', 'PJM']);
  });
  it('normalises dates written three ways to ISO', () => {
    assert.deepEqual(valuesOf('On 2026-07-15, then July 4, 2026, then 3 Aug 2026 and Sept. 9, 2026.', 'date'), ['2026-07-15', '2026-07-04', '2026-08-03', '2026-09-09']);
  });
  it('finds prices including negative ones and the cap, and quantities in MWh', () => {
    const text = 'Real-time fell to -$25.50/MWh, day-ahead hit 5,000 $/MWh, a block of 1,200 MWh traded at $48 per MWh.';
    assert.deepEqual(valuesOf(text, 'price'), ['-25.5 $/MWh', '5000 $/MWh', '48 $/MWh']);
    assert.deepEqual(valuesOf(text, 'quantity'), ['1200 MWh']);
  });
  it('finds nothing in text without entities', () => {
    assert.deepEqual(extractEntities('A quiet day with nothing to report.'), []);
  });
});
