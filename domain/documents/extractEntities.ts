/**
 * Entities found in text by patterns: instrument symbols (`ERCOT.HB_NORTH.DA`), hubs and load zones
 * (`HB_HOUSTON`, `LZ_WEST`), markets, dates, prices in $/MWh and quantities in MWh. Pure and
 * deterministic; the local AI provider uses it, and every enrichment adds its instruments.
 */
export const entityTypes = ['instrument', 'hub', 'market', 'date', 'price', 'quantity'] as const;
export type EntityType = (typeof entityTypes)[number];
export type Entity = Readonly<{ type: EntityType; value: string }>;

const markets = ['ERCOT', 'PJM', 'CAISO', 'MISO', 'NYISO', 'ISO-NE', 'SPP'] as const;
const months = 'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
const monthStarts = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthIndex = (name: string): number => monthStarts.indexOf(name.slice(0, 3).toLowerCase()) + 1;

const patterns: ReadonlyArray<readonly [EntityType, RegExp, (match: RegExpExecArray) => string]> = [
  ['instrument', /\b(ERCOT|PJM|CAISO|MISO|NYISO|ISONE|SPP)\.([A-Z][A-Z0-9_]*)\.(DA|RT)\b/g, (m) => m[0]],
  ['hub', /\b(?:HB|LZ)_[A-Z]+\b/g, (m) => m[0]],
  ['market', new RegExp(`\\b(${markets.join('|')})\\b`, 'g'), (m) => m[1] ?? m[0]],
  ['date', /\b(\d{4})-(\d{2})-(\d{2})\b/g, (m) => `${m[1]}-${m[2]}-${m[3]}`],
  ['date', new RegExp(`\\b(${months})\\.? (\\d{1,2}),? (\\d{4})\\b`, 'g'), (m) => isoDate(m[3], monthIndex(m[1] ?? ''), m[2])],
  ['date', new RegExp(`\\b(\\d{1,2}) (${months})\\.? (\\d{4})\\b`, 'g'), (m) => isoDate(m[3], monthIndex(m[2] ?? ''), m[1])],
  ['price', /(-?)\$\s?(-?\d[\d,]*(?:\.\d+)?)\s*(?:\/|per )\s*MWh\b/gi, (m) => `${signed(m[1], m[2])} $/MWh`],
  ['price', /(-?\d[\d,]*(?:\.\d+)?)\s*\$\/MWh\b/gi, (m) => `${signed('', m[1])} $/MWh`],
  ['quantity', /(?<![$\d.,/-])(\d[\d,]*(?:\.\d+)?)\s*MWh\b/g, (m) => `${number(m[1])} MWh`],
];

const isoDate = (year: string | undefined, month: number, day: string | undefined): string =>
  `${year ?? ''}-${String(month).padStart(2, '0')}-${(day ?? '').padStart(2, '0')}`;
const number = (text: string | undefined): string => String(Number((text ?? '').replaceAll(',', '')));
const signed = (sign: string | undefined, text: string | undefined): string => {
  const value = Number((text ?? '').replaceAll(',', ''));
  return String(sign === '-' ? -Math.abs(value) : value);
};

/** Distinct entities, grouped by type (in `entityTypes` order), each group in order of first appearance. */
export const extractEntities = (text: string): Entity[] => {
  const found = new Map<string, { entity: Entity; at: number }>();
  for (const [type, pattern, value] of patterns) {
    for (const match of text.matchAll(pattern)) {
      const entity = { type, value: value(match as RegExpExecArray) };
      const key = `${entity.type}:${entity.value}`;
      const at = match.index ?? 0;
      if ((found.get(key)?.at ?? Number.POSITIVE_INFINITY) > at) found.set(key, { entity, at });
    }
  }
  return [...found.values()]
    .sort((a, b) => entityTypes.indexOf(a.entity.type) - entityTypes.indexOf(b.entity.type) || a.at - b.at)
    .map((f) => f.entity);
};

/** The instrument symbols mentioned, e.g. `['ERCOT.HB_NORTH.DA']`. */
export const extractInstruments = (text: string): string[] =>
  extractEntities(text).filter((e) => e.type === 'instrument').map((e) => e.value);
