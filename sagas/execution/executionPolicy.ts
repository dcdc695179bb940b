/** How the execution saga waits on a venue. */
export type ExecutionPolicy = Readonly<{
  /** Cancel an order that has had no fill for this long (since it was placed or since its last fill). */
  timeoutMs: number;
  /** How often the saga asks the venue for fills. */
  pollMs: number;
}>;

export const defaultExecutionPolicy: ExecutionPolicy = { timeoutMs: 30_000, pollMs: 1_000 };
