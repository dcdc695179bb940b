/** The constant of Cormack et al. (2009): it damps the weight of the very first ranks. */
export const RRF_K = 60;

export type Ranked = Readonly<{ id: string }>;
export type Fused = Readonly<{ id: string; score: number; ranks: readonly (number | null)[] }>;

/**
 * Reciprocal rank fusion: each list gives an item 1 / (k + rank) (ranks from 1); the sum orders the
 * merged list (ties by best single rank, then id). `ranks` holds the item's rank in each list, or null.
 */
export const reciprocalRankFusion = (lists: readonly (readonly Ranked[])[], { k = RRF_K }: Readonly<{ k?: number }> = {}): Fused[] => {
  const fused = new Map<string, { score: number; ranks: (number | null)[] }>();
  lists.forEach((list, l) =>
    list.forEach(({ id }, i) => {
      const entry = fused.get(id) ?? { score: 0, ranks: lists.map(() => null) };
      if (entry.ranks[l] !== null) return; // an id counts once per list, at its best rank
      entry.ranks[l] = i + 1;
      entry.score += 1 / (k + i + 1);
      fused.set(id, entry);
    }),
  );
  const best = (ranks: readonly (number | null)[]) => Math.min(...ranks.map((r) => r ?? Number.POSITIVE_INFINITY));
  return [...fused.entries()]
    .map(([id, { score, ranks }]) => ({ id, score, ranks }))
    .sort((a, b) => b.score - a.score || best(a.ranks) - best(b.ranks) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
};
