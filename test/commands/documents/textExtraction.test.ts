import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTextExtractor } from '../../../commands/documents/createTextExtractor.js';
import { parseCsv } from '../../../commands/documents/plainTextExtractors.js';
import { pdfText } from '../../../infra/documents/pdfText.js';
import { makePdf } from '../../fixtures/documents/makePdf.js';

const extract = createTextExtractor({ pdf: (bytes) => pdfText(bytes) });
const bytes = (text: string) => new TextEncoder().encode(text);

describe('text extraction', () => {
  it('reads the text of a real PDF, page by page, with pdf.js', async () => {
    const pdf = makePdf([['Day-ahead ERCOT.HB_NORTH.DA settled at $45.20/MWh.', 'Outage (planned) at a gas unit.'], ['Page two: wind output fell.']]);
    const result = await extract(pdf, 'application/pdf');
    assert.equal(result.extractor, 'pdfjs');
    assert.equal(result.pages, 2);
    assert.equal(result.text, 'Day-ahead ERCOT.HB_NORTH.DA settled at $45.20/MWh.\nOutage (planned) at a gas unit.\n\nPage two: wind output fell.');
  });

  it('fails with TEXT_EXTRACTION_FAILED on a broken PDF', async () => {
    await assert.rejects(extract(bytes('%PDF-1.4\ngarbage'), 'application/pdf'), { code: 'TEXT_EXTRACTION_FAILED' });
  });

  it('strips Markdown syntax but keeps the words, link texts included', async () => {
    const md = '# Weekly *report*\n\n- **HB_WEST** spread widened, see [the chart](http://x/y.png)\n\n```\ncode line\n```\n| hub | price |\n|---|---|\n| HB_PAN | 40 |';
    assert.equal((await extract(bytes(md), 'text/markdown')).text, 'Weekly report\n\nHB_WEST spread widened, see the chart\n\ncode line\n\nhub price\n\nHB_PAN 40');
  });

  it('keeps the visible text of HTML, without scripts, styles or tags, entities decoded', async () => {
    const html = '<html><head><title>Filing</title><style>p{color:red}</style></head><body><p>PUCT &amp; ERCOT&#39;s rule</p><script>alert(1)</script><div>Price &lt; $50/MWh</div></body></html>';
    assert.equal((await extract(bytes(html), 'text/html')).text, "Filing\n\nPUCT & ERCOT's rule\n\nPrice < $50/MWh");
  });

  it('turns CSV rows into header: value pairs, with quoted commas and quotes', async () => {
    const csv = 'hub,price,note\r\nHB_NORTH,45.2,"firm, rising"\r\nHB_WEST,-3,"said ""negative"""\r\n\r\n';
    assert.equal((await extract(bytes(csv), 'text/csv')).text, 'hub: HB_NORTH, price: 45.2, note: firm, rising\nhub: HB_WEST, price: -3, note: said "negative"');
    assert.deepEqual(parseCsv('a,"b\nc"\n'), [['a', 'b\nc']]);
  });

  it('reads plain text as UTF-8 without a BOM, and refuses unknown types', async () => {
    assert.equal((await extract(bytes('\uFEFFLine one\r\nLine two  '), 'text/plain')).text, 'Line one\nLine two');
    await assert.rejects(extract(bytes('x'), 'application/zip'), { code: 'TEXT_EXTRACTION_FAILED' });
  });
});
