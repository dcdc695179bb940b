/** Prices in US dollars per million tokens (the unit OpenAI's price list uses). */
export type AiPricing = Readonly<{ inputPerMillion: number; outputPerMillion: number; embeddingPerMillion: number }>;

export const freePricing: AiPricing = { inputPerMillion: 0, outputPerMillion: 0, embeddingPerMillion: 0 };

const perToken = (perMillion: number, tokens: number): number => (perMillion * tokens) / 1_000_000;

/** The cost of one call, rounded to a millionth of a dollar. */
export const aiCost = (pricing: AiPricing, operation: 'embed' | 'complete', promptTokens: number, completionTokens: number): number => {
  const cost = operation === 'embed'
    ? perToken(pricing.embeddingPerMillion, promptTokens)
    : perToken(pricing.inputPerMillion, promptTokens) + perToken(pricing.outputPerMillion, completionTokens);
  return Math.round(cost * 1_000_000) / 1_000_000;
};
