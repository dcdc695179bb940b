import { words } from './textTerms.js';

export type SummaryOptions = Readonly<{ sentences?: number; maxChars?: number }>;

const splitSentences = (text: string): string[] =>
  text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z0-9"'(])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/**
 * The text's most representative sentences, in their original order: each sentence scores the
 * average document frequency of its words, with a bonus for coming early. Deterministic.
 */
export const extractiveSummary = (text: string, { sentences = 3, maxChars = 600 }: SummaryOptions = {}): string => {
  const all = splitSentences(text);
  if (all.length <= sentences) return clip(all.join(' '), maxChars);
  const frequency = new Map<string, number>();
  for (const word of words(text)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const scored = all.map((sentence, index) => {
    const ws = words(sentence);
    const weight = ws.reduce((sum, w) => sum + (frequency.get(w) ?? 0), 0) / Math.sqrt(Math.max(ws.length, 1));
    return { index, sentence, score: weight * (1 + 1 / (index + 1)) };
  });
  const chosen = [...scored].sort((a, b) => b.score - a.score || a.index - b.index).slice(0, sentences);
  return clip(chosen.sort((a, b) => a.index - b.index).map((c) => c.sentence).join(' '), maxChars);
};

const clip = (text: string, maxChars: number): string => (text.length <= maxChars ? text : `${text.slice(0, maxChars - 1).trimEnd()}…`);
