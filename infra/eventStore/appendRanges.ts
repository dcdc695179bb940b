/** Events in (after, upTo] that this process appended, and their types. */
export type AppendRange = Readonly<{ after: number; upTo: number; types: ReadonlySet<string> }>;

const kept = 256;

/**
 * What this process knows of the latest stretch of the log: the batches it appended itself, while no
 * other process appended between them. A filtered reader asks `quietUpTo` how far it can move without
 * reading, because no event of its types lies in between; outside the known stretch the answer is "not
 * at all", and it reads as usual.
 */
export const createAppendRanges = () => {
  const ranges: AppendRange[] = [];
  return {
    record: (range: AppendRange): void => {
      if (range.upTo <= range.after) return;
      if (ranges.length > 0 && ranges.at(-1)!.upTo !== range.after) ranges.length = 0; // another process wrote in between
      ranges.push(range);
      if (ranges.length > kept) ranges.splice(0, ranges.length - kept);
    },
    /** The furthest position p >= after such that (after, p] holds no event of `types` (after itself when unknown). */
    quietUpTo: (after: number, types: readonly string[]): number => {
      let reached = after;
      for (const range of ranges) {
        if (range.upTo <= reached) continue;
        if (range.after > reached || types.some((type) => range.types.has(type))) break;
        reached = range.upTo;
      }
      return reached;
    },
  };
};
