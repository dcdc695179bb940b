/** One dependency the gateway needs to serve: the database, Redis, the projections. */
export type DependencyCheck = Readonly<{
  name: string;
  /** Resolves (with optional details) when the dependency is usable; throws when it is not. */
  check: () => Promise<Readonly<Record<string, unknown>> | void>;
}>;

export type DependencyStatus = Readonly<{ status: 'up' | 'down'; latencyMs: number; error?: string } & Record<string, unknown>>;
export type Readiness = Readonly<{ status: 'ready' | 'unavailable'; dependencies: Readonly<Record<string, DependencyStatus>> }>;

const CHECK_TIMEOUT_MS = 2000;

const timeout = (ms: number): Promise<never> =>
  new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref());

const run = async ({ check }: DependencyCheck, timeoutMs: number): Promise<DependencyStatus> => {
  const started = performance.now();
  const latencyMs = () => Math.round((performance.now() - started) * 100) / 100;
  try {
    const details = await Promise.race([check(), timeout(timeoutMs)]);
    return { status: 'up', latencyMs: latencyMs(), ...(details ?? {}) };
  } catch (error) {
    return { status: 'down', latencyMs: latencyMs(), error: error instanceof Error ? error.message : String(error) };
  }
};

/** Runs every check at once, each with a timeout: ready when all are up. */
export const readiness = async (checks: readonly DependencyCheck[], { timeoutMs = CHECK_TIMEOUT_MS } = {}): Promise<Readiness> => {
  const results = await Promise.all(checks.map(async (check) => [check.name, await run(check, timeoutMs)] as const));
  const dependencies = Object.fromEntries(results);
  return { status: results.every(([, result]) => result.status === 'up') ? 'ready' : 'unavailable', dependencies };
};
