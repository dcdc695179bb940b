import type { ExtractedText } from './textExtractor.js';

const decode = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

const entities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decodeEntities = (text: string): string =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return entities[name.toLowerCase()] ?? whole;
  });

const tidy = (text: string): string => text.replace(/[ \t]+/g, ' ').replace(/ *\n */g, '\n').replace(/\n{3,}/g, '\n\n').trim();

export const plainText = (bytes: Uint8Array): ExtractedText => ({ text: tidy(decode(bytes)), pages: null, extractor: 'text' });

/** Markdown without its syntax: headings, emphasis, links (their text kept), images, code fences, tables' pipes. */
export const markdownText = (bytes: Uint8Array): ExtractedText => {
  const text = decode(bytes)
    .replace(/^```.*$/gm, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^[ \t]{0,3}(#{1,6}|>|[-*+]|\d+\.)[ \t]+/gm, '')
    .replace(/^[ \t]*\|?[-:| ]+\|[-:| ]*$/gm, '')
    .replace(/\|/g, ' ')
    .replace(/(\*\*|__|\*|`)(.+?)\1/g, '$2');
  return { text: tidy(text), pages: null, extractor: 'markdown' };
};

/** HTML's visible text: scripts, styles and comments dropped, block elements as line breaks, entities decoded. */
export const htmlText = (bytes: Uint8Array): ExtractedText => {
  const text = decode(bytes)
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?(p|div|br|h[1-6]|li|ul|ol|tr|table|section|article|header|footer|title|blockquote|pre)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, ' ');
  return { text: tidy(decodeEntities(text)), pages: null, extractor: 'html' };
};

/** CSV rows as lines of `header: value` pairs, so that a search for a column name and a value finds the row. */
export const csvText = (bytes: Uint8Array): ExtractedText => {
  const rows = parseCsv(decode(bytes));
  const [header, ...body] = rows;
  const lines = header === undefined ? [] : body.length === 0 ? [header.join(', ')] : body.map((row) => row.map((cell, i) => `${header[i] ?? `column ${i + 1}`}: ${cell}`).join(', '));
  return { text: tidy(lines.join('\n')), pages: null, extractor: 'csv' };
};

/** RFC 4180 fields: quotes, doubled quotes, commas and newlines inside quotes. Empty lines are skipped. */
export const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endRow = () => {
    row.push(field);
    if (row.some((cell) => cell.trim() !== '')) rows.push(row.map((cell) => cell.trim()));
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"'; // a doubled quote inside quotes
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\n') {
      endRow();
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
};
