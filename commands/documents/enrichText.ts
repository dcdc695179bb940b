import { z } from 'zod';
import { chunkText } from '../../domain/documents/chunkText.js';
import type { AiCallUsage } from '../../domain/documents/commands.js';
import { entityTypes, extractEntities, type Entity } from '../../domain/documents/extractEntities.js';
import type { AiProvider } from '../ai/aiProvider.js';

export type Enrichment = Readonly<{
  summary: string | null;
  entities: readonly Entity[];
  instruments: readonly string[];
  chunks: readonly Readonly<{ index: number; start: number; end: number; embedding: number[] }>[];
  embeddingModel: string | null;
  usages: readonly AiCallUsage[];
}>;

export type EnrichOptions = Readonly<{ chunkChars?: number; maxChunks?: number; maxPromptChars?: number; signal?: AbortSignal }>;

export const ENRICH_PROMPT = [
  'You analyse documents about energy markets (market reports, regulatory filings, trading notes).',
  'Reply with one JSON object and nothing else:',
  '{"summary": "at most three sentences", "entities": [{"type": "instrument|hub|market|date|price|quantity", "value": "..."}], "instruments": ["ERCOT.HB_NORTH.DA", ...]}.',
  'Instruments are symbols like ERCOT.HB_NORTH.DA (market.hub.product, DA day-ahead, RT real-time); dates as YYYY-MM-DD; prices like "45.2 $/MWh".',
].join('\n');

const answer = z.object({
  summary: z.string().catch(''),
  entities: z.array(z.unknown()).catch([]),
  instruments: z.array(z.unknown()).catch([]),
});
const entity = z.object({ type: z.enum(entityTypes), value: z.string().min(1).max(200) });

/** The model's entities that are well-formed, then the ones the patterns find, each once. */
const mergeEntities = (fromModel: readonly unknown[], text: string): Entity[] => {
  const seen = new Set<string>();
  return [...fromModel.flatMap((e) => entity.safeParse(e).data ?? []), ...extractEntities(text)].filter((e) => {
    const key = `${e.type}:${e.value}`;
    return !seen.has(key) && seen.add(key) !== undefined;
  });
};

const parseAnswer = (raw: string): z.infer<typeof answer> => {
  try {
    return answer.parse(JSON.parse(raw.replace(/^```(?:json)?\s*|\s*```$/g, '')));
  } catch {
    return { summary: raw.trim(), entities: [], instruments: [] }; // a model that ignored the format still summarised
  }
};

const INSTRUMENT = /^[A-Z]+\.[A-Z][A-Z0-9_]*\.(DA|RT)$/;
const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * Asks the AI for a summary and entities (JSON mode) and for an embedding per chunk. The entities the
 * patterns find are always added, and an instrument counts only when it looks like one.
 */
export const enrichText = async (ai: AiProvider, text: string, { chunkChars, maxChunks = 64, maxPromptChars = 12_000, signal }: EnrichOptions = {}): Promise<Enrichment> => {
  const completion = await ai.complete(
    [{ role: 'system', content: ENRICH_PROMPT }, { role: 'user', content: text.slice(0, maxPromptChars) }],
    { responseFormat: 'json', maxTokens: 600, temperature: 0, ...(signal ? { signal } : {}) },
  );
  const parsed = parseAnswer(completion.text);
  const entities = mergeEntities(parsed.entities, text);
  const symbols = parsed.instruments.filter((i): i is string => typeof i === 'string' && INSTRUMENT.test(i));
  const instruments = [...new Set([...entities.filter((e) => e.type === 'instrument').map((e) => e.value), ...symbols])];
  const spans = chunkText(text, chunkChars === undefined ? {} : { maxChars: chunkChars }).slice(0, maxChunks);
  const embedded = spans.length === 0 ? null : await ai.embed(spans.map((s) => text.slice(s.start, s.end)), signal ? { signal } : {});
  return {
    summary: parsed.summary === '' ? null : parsed.summary,
    entities,
    instruments,
    chunks: spans.map((span, i) => ({ ...span, embedding: (embedded?.vectors[i] ?? []).map(round) })),
    embeddingModel: embedded?.usage.model ?? null,
    usages: [completion.usage, ...(embedded ? [embedded.usage] : [])],
  };
};

/** Without the AI (budget exhausted): no summary and no embeddings, the pattern entities only. */
export const enrichWithoutAi = (text: string): Enrichment => {
  const entities = extractEntities(text);
  return { summary: null, entities, instruments: entities.filter((e) => e.type === 'instrument').map((e) => e.value), chunks: [], embeddingModel: null, usages: [] };
};
