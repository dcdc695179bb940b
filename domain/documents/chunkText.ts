export type TextChunk = Readonly<{ index: number; start: number; end: number }>;

export const DEFAULT_CHUNK_CHARS = 1200;

/** The last good break in text[from, limit): a paragraph end, else a sentence end, else a space; null if none. */
const breakBefore = (text: string, from: number, limit: number): number | null => {
  const window = text.slice(from, limit);
  const minimum = Math.floor(window.length / 2);
  for (const pattern of [/\n\s*\n/g, /[.!?]\s/g, /\s/g]) {
    let best: number | null = null;
    for (const match of window.matchAll(pattern)) {
      const end = (match.index ?? 0) + match[0].length;
      if (end >= minimum) best = end;
    }
    if (best !== null) return from + best;
  }
  return null;
};

/**
 * Splits text into consecutive chunks of at most `maxChars` characters, breaking at paragraph, then
 * sentence, then word boundaries. Chunks cover the text without gaps; whitespace-only chunks are dropped.
 */
export const chunkText = (text: string, { maxChars = DEFAULT_CHUNK_CHARS }: Readonly<{ maxChars?: number }> = {}): TextChunk[] => {
  const chunks: TextChunk[] = [];
  let start = 0;
  while (start < text.length) {
    const limit = Math.min(text.length, start + maxChars);
    const end = limit === text.length ? limit : (breakBefore(text, start, limit) ?? limit);
    if (text.slice(start, end).trim() !== '') chunks.push({ index: chunks.length, start, end });
    start = end;
  }
  return chunks;
};
