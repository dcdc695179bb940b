/** Small timing helpers for the benchmark: throughput over a fixed amount of work, and latency percentiles. */
export type Figure = Readonly<{ name: string; unit: string; value: number; detail: string }>;

export const throughput = async (name: string, count: number, unit: string, run: () => Promise<void>, detail = ''): Promise<Figure> => {
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { name, unit, value: count / seconds, detail: `${count} in ${seconds.toFixed(2)} s${detail ? `; ${detail}` : ''}` };
};

export const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Runs `task(i)` for i in [0, count) with `concurrency` workers. */
export const inParallel = async (count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
};
