import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retry, retryDelay } from '../../../infra/resilience/retry.js';

class HttpError extends Error {
  constructor(readonly status: number, readonly retryAfterMs: number | null = null) {
    super(`HTTP ${status}`);
  }
}

/** A fake clock: sleep advances it instead of waiting, and records each wait. */
const fakeTime = () => {
  let t = 0;
  const waits: number[] = [];
  return { waits, now: () => t, sleep: async (ms: number) => { waits.push(ms); t += ms; } };
};

/** fn that fails with the given errors in turn, then resolves 'ok'. */
const failing = (...errors: Error[]) => {
  const calls: number[] = [];
  const fn = async (attempt: number) => {
    calls.push(attempt);
    const error = errors.shift();
    if (error) throw error;
    return 'ok';
  };
  return { calls, fn };
};

describe('retry', () => {
  it('retries with exponential backoff (1 s, 2 s) and returns the first success', async () => {
    const time = fakeTime();
    const { calls, fn } = failing(new HttpError(500), new HttpError(503));
    assert.equal(await retry(fn, { tries: 3, ...time }), 'ok');
    assert.deepEqual(calls, [1, 2, 3]);
    assert.deepEqual(time.waits, [1000, 2000]);
  });

  it('gives up after the bounded number of tries and rethrows the last error', async () => {
    const time = fakeTime();
    const { calls, fn } = failing(new HttpError(500), new HttpError(502), new HttpError(503), new HttpError(504));
    await assert.rejects(retry(fn, { tries: 3, ...time }), { message: 'HTTP 503' });
    assert.deepEqual(calls, [1, 2, 3]);
    assert.deepEqual(time.waits, [1000, 2000]);
  });

  it('does not retry an error that is not retryable', async () => {
    const time = fakeTime();
    const { calls, fn } = failing(new HttpError(400));
    const retryable = (e: unknown) => e instanceof HttpError && (e.status === 429 || e.status >= 500);
    await assert.rejects(retry(fn, { retryable, ...time }), { message: 'HTTP 400' });
    assert.deepEqual(calls, [1]);
    assert.deepEqual(time.waits, []);
  });

  it('honours a Retry-After hint instead of the backoff', async () => {
    const time = fakeTime();
    const { fn } = failing(new HttpError(429, 7000), new HttpError(500));
    const retryAfterMs = (e: unknown) => (e instanceof HttpError ? e.retryAfterMs : null);
    assert.equal(await retry(fn, { retryAfterMs, ...time }), 'ok');
    assert.deepEqual(time.waits, [7000, 2000]);
  });

  it('gives up rather than wait past maxDelayMs when the hint asks for longer', async () => {
    const time = fakeTime();
    const { calls, fn } = failing(new HttpError(429, 120_000));
    const retryAfterMs = (e: unknown) => (e instanceof HttpError ? e.retryAfterMs : null);
    await assert.rejects(retry(fn, { retryAfterMs, maxDelayMs: 30_000, ...time }), { message: 'HTTP 429' });
    assert.deepEqual(calls, [1]);
  });

  it('stops when the next wait would pass maxElapsedMs', async () => {
    const time = fakeTime();
    const { calls, fn } = failing(new HttpError(500), new HttpError(500), new HttpError(500));
    await assert.rejects(retry(fn, { tries: 10, maxElapsedMs: 2500, ...time }));
    assert.deepEqual(calls, [1, 2]);
    assert.deepEqual(time.waits, [1000]);
  });

  it('caps the backoff at maxDelayMs and applies jitter below it', () => {
    assert.equal(retryDelay(10, null, { baseDelayMs: 1000, maxDelayMs: 5000 }), 5000);
    assert.equal(retryDelay(2, null, { baseDelayMs: 1000, jitter: 0.5, random: () => 1 }), 1000);
    assert.equal(retryDelay(3, null, { baseDelayMs: 100, factor: 3 }), 900);
  });

  it('reports each retry and stops waiting when the signal aborts', async () => {
    const seen: number[] = [];
    const controller = new AbortController();
    const { calls, fn } = failing(new HttpError(500), new HttpError(500));
    const pending = retry(fn, { baseDelayMs: 60_000, onRetry: ({ delayMs }) => { seen.push(delayMs); controller.abort(new Error('stopped')); }, signal: controller.signal });
    await assert.rejects(pending, { message: 'stopped' });
    assert.deepEqual(seen, [30_000]); // capped at the default maxDelayMs
    assert.deepEqual(calls, [1]);
  });
});
