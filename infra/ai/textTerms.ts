/**
 * Text to terms for the local provider: lower-cased words without stop words, crudely stemmed, plus
 * a small energy-market lexicon that maps related words to one concept (so "outage" finds
 * "maintenance"), which gives the hashed embeddings a little meaning beyond shared words.
 */
const stopWords = new Set(
  'a an and are as at be been but by for from has have in is it its of on or that the their this to was were will with which while after before than then there these those into over under about can may not no'.split(' '),
);

const concepts: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries({
    '#outage': 'outage outages maintenance trip tripped offline derate derated forced unavailable',
    '#spike': 'spike spikes surge surged soar soared jump jumped scarcity peak',
    '#drop': 'drop dropped fall fell slump plunge plunged negative oversupply glut',
    '#wind': 'wind turbine turbines windfarm',
    '#solar': 'solar photovoltaic pv sunshine irradiance',
    '#gas': 'gas natural methane henry lng pipeline',
    '#heat': 'heat heatwave hot temperature temperatures cooling',
    '#cold': 'cold freeze winter storm icing frozen',
    '#regulation': 'regulation regulatory filing rule rulemaking ferc puct compliance tariff',
    '#congestion': 'congestion constraint constraints transmission line lines',
    '#storage': 'storage battery batteries bess',
    '#demand': 'demand load consumption',
    '#trade': 'trade trades trading buy sell bought sold position positions hedge hedging',
    '#risk': 'risk limit limits exposure loss',
  }).flatMap(([concept, words]) => words.split(' ').map((word) => [word, concept] as const)),
);

const stem = (word: string): string => {
  if (word.length <= 4 || /\d/.test(word)) return word;
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'ies', 'ed', 'es', 'ly', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) return suffix === 'ies' ? `${word.slice(0, -3)}y` : word.slice(0, -suffix.length);
  }
  return word;
};

/** Words of the text, lower-cased, stop words removed (instrument symbols stay whole). */
export const words = (text: string): string[] =>
  (text.toLowerCase().match(/[a-z0-9_]+(?:\.[a-z0-9_]+)*/g) ?? []).filter((word) => !stopWords.has(word));

/** The terms a text is embedded from: stems, concepts, and the parts of dotted symbols. */
export const terms = (text: string): string[] =>
  words(text).flatMap((word) => {
    const concept = concepts[word];
    const parts = word.includes('.') ? [word, ...word.split('.')] : [stem(word)];
    return concept === undefined ? parts : [...parts, concept];
  });

/** A rough token count (about four characters a token, as OpenAI's tokenizers average on English). */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);
