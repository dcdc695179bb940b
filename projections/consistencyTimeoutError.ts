/** The read models did not reach a consistency token (a log position) in time. */
export class ConsistencyTimeoutError extends Error {
  readonly code = 'CONSISTENCY_TIMEOUT';
  constructor(
    readonly token: number,
    readonly reached: number,
    readonly timeoutMs: number,
  ) {
    super(`Read models reached position ${reached}, not ${token}, within ${timeoutMs} ms`);
    this.name = 'ConsistencyTimeoutError';
  }
}
