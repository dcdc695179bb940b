import { terms } from './textTerms.js';

/** FNV-1a, 32 bits. */
const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
};

export const defaultDimensions = 384;

/**
 * A deterministic embedding: the text's terms (and adjacent-term pairs at half weight) hashed into
 * `dimensions` signed buckets, log-scaled term frequencies, L2-normalised. Cosine similarity of two
 * such vectors approximates their weighted term overlap. An empty text gives the zero vector.
 */
export const hashedEmbedding = (text: string, dimensions: number = defaultDimensions): number[] => {
  const counts = new Map<string, number>();
  const list = terms(text);
  const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
  list.forEach((term, i) => {
    add(term, 1);
    const next = list[i + 1];
    if (next !== undefined && !term.startsWith('#') && !next.startsWith('#')) add(`${term} ${next}`, 0.5);
  });
  const vector = new Array<number>(dimensions).fill(0);
  for (const [feature, count] of counts) {
    const hash = fnv1a(feature);
    const index = hash % dimensions;
    vector[index] = (vector[index] ?? 0) + (hash & 0x80000000 ? -1 : 1) * (1 + Math.log(count));
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((v) => v / norm);
};
