import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CircuitOpenError, createCircuitBreaker, type CircuitState } from '../../../infra/resilience/circuitBreaker.js';

const clock = () => {
  let t = 0;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
};
const fail = async (): Promise<never> => { throw new Error('down'); };
const ok = async () => 'ok';

const failTimes = async (breaker: ReturnType<typeof createCircuitBreaker>, n: number) => {
  for (let i = 0; i < n; i++) await assert.rejects(breaker.execute(fail), { message: 'down' });
};

describe('circuit breaker', () => {
  it('opens after 5 consecutive failures and then rejects without calling', async () => {
    const time = clock();
    const breaker = createCircuitBreaker('ai', { now: time.now });
    await failTimes(breaker, 4);
    assert.equal(breaker.state(), 'closed');
    await failTimes(breaker, 1);
    assert.equal(breaker.state(), 'open');
    let called = false;
    const error = await breaker.execute(async () => { called = true; }).catch((e: unknown) => e);
    assert.ok(error instanceof CircuitOpenError);
    assert.equal(error.code, 'CIRCUIT_OPEN');
    assert.equal(error.retryAfterMs, 30_000);
    assert.equal(called, false);
  });

  it('counts only consecutive failures: a success resets the count', async () => {
    const breaker = createCircuitBreaker('ai', { now: clock().now });
    await failTimes(breaker, 4);
    await breaker.execute(ok);
    await failTimes(breaker, 4);
    assert.equal(breaker.state(), 'closed');
  });

  it('goes half-open after the 30 s cool-down and closes after 3 successes', async () => {
    const time = clock();
    const changes: CircuitState[] = [];
    const breaker = createCircuitBreaker('ai', { now: time.now, onStateChange: ({ to }) => changes.push(to) });
    await failTimes(breaker, 5);
    time.advance(29_999);
    assert.equal(breaker.state(), 'open');
    time.advance(1);
    assert.equal(breaker.state(), 'half_open');
    assert.equal(await breaker.execute(ok), 'ok');
    assert.equal(await breaker.execute(ok), 'ok');
    assert.equal(breaker.state(), 'half_open');
    await breaker.execute(ok);
    assert.equal(breaker.state(), 'closed');
    assert.deepEqual(changes, ['open', 'half_open', 'closed']);
  });

  it('re-opens on a failure while half-open, with a fresh cool-down', async () => {
    const time = clock();
    const breaker = createCircuitBreaker('ai', { now: time.now });
    await failTimes(breaker, 5);
    time.advance(30_000);
    await breaker.execute(ok);
    await failTimes(breaker, 1);
    assert.equal(breaker.state(), 'open');
    time.advance(29_000);
    await assert.rejects(breaker.execute(ok), CircuitOpenError);
    time.advance(1_000);
    assert.equal(breaker.state(), 'half_open');
  });

  it('lets only one trial call through at a time while half-open', async () => {
    const time = clock();
    const breaker = createCircuitBreaker('ai', { now: time.now });
    await failTimes(breaker, 5);
    time.advance(30_000);
    let release: () => void = () => undefined;
    const slow = breaker.execute(() => new Promise<string>((resolve) => { release = () => resolve('slow'); }));
    await assert.rejects(breaker.execute(ok), (e: unknown) => e instanceof CircuitOpenError && e.retryAfterMs === 0);
    release();
    assert.equal(await slow, 'slow');
    assert.equal(await breaker.execute(ok), 'ok');
  });

  it('honours configured thresholds and ignores errors that are not failures', async () => {
    const time = clock();
    const breaker = createCircuitBreaker('ai', {
      now: time.now, failureThreshold: 2, coolDownMs: 1000, successThreshold: 1,
      isFailure: (e) => !(e instanceof Error && e.message === 'bad request'),
    });
    for (let i = 0; i < 5; i++) await assert.rejects(breaker.execute(async () => { throw new Error('bad request'); }));
    assert.equal(breaker.state(), 'closed');
    await failTimes(breaker, 2);
    assert.equal(breaker.state(), 'open');
    time.advance(1000);
    await breaker.execute(ok);
    assert.equal(breaker.state(), 'closed');
  });
});
