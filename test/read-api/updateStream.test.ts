import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { updateStream } from '../../read-api/subscriptions/updateStream.js';

type U = { cursor: number; name: string };

/** A log of updates that a "projection" commits and then publishes, as the runtime does. */
const fakeLog = () => {
  const stored: U[] = [];
  const listeners = new Set<(update: U) => void>();
  return {
    commit: (update: U) => stored.push(update),
    publish: (update: U) => listeners.forEach((listener) => listener(update)),
    commitAndPublish(update: U) {
      this.commit(update);
      this.publish(update);
    },
    listen: (push: (update: U) => void) => {
      listeners.add(push);
      return () => listeners.delete(push);
    },
    replay: async (after: number, limit: number) => stored.filter((update) => update.cursor > after).slice(0, limit),
    listeners,
  };
};

const take = async (iterator: AsyncIterator<U>, n: number): Promise<string[]> => {
  const names: string[] = [];
  while (names.length < n) {
    const next = await iterator.next();
    if (next.done) break;
    names.push(next.value.name);
  }
  return names;
};

describe('updateStream: replay then live, each update once', () => {
  it('replays what was stored after the cursor, page by page, then serves live updates', async () => {
    const log = fakeLog();
    for (let i = 1; i <= 5; i++) log.commit({ cursor: i, name: `u${i}` });
    const stream = updateStream({ listen: log.listen, replay: log.replay, after: 2, pageSize: 2 });
    assert.deepEqual(await take(stream, 3), ['u3', 'u4', 'u5']);
    log.commitAndPublish({ cursor: 6, name: 'u6' });
    assert.deepEqual(await take(stream, 1), ['u6']);
    await stream.return!();
  });

  it('skips live updates the replay already delivered, and keeps those it did not', async () => {
    const log = fakeLog();
    log.commit({ cursor: 1, name: 'u1' });
    const stream = updateStream({ listen: log.listen, replay: log.replay, after: 0 });
    // committed after the stream listened, published before the replay finished: both sources hold it
    log.commit({ cursor: 2, name: 'u2' });
    log.publish({ cursor: 2, name: 'u2' });
    // published only (the replay read before it committed)
    log.publish({ cursor: 3, name: 'u3' });
    assert.deepEqual(await take(stream, 3), ['u1', 'u2', 'u3']);
    log.commitAndPublish({ cursor: 4, name: 'u4' });
    assert.deepEqual(await take(stream, 1), ['u4']);
    await stream.return!();
  });

  it('without a cursor serves only live updates', async () => {
    const log = fakeLog();
    log.commit({ cursor: 1, name: 'old' });
    const stream = updateStream({ listen: log.listen, replay: log.replay, after: null });
    log.commitAndPublish({ cursor: 2, name: 'new' });
    assert.deepEqual(await take(stream, 1), ['new']);
    await stream.return!();
  });

  it('return() ends a stream that waits for the next update, and stops listening', async () => {
    const log = fakeLog();
    const stream = updateStream({ listen: log.listen, replay: log.replay, after: null });
    const pending = stream.next();
    assert.equal(log.listeners.size, 1);
    await stream.return!();
    assert.deepEqual(await pending, { value: undefined, done: true });
    assert.equal(log.listeners.size, 0);
  });

  it('ends with SUBSCRIPTION_LAGGING when a client falls too far behind', async () => {
    const log = fakeLog();
    const stream = updateStream({ listen: log.listen, replay: log.replay, after: null, maxBuffered: 3 });
    for (let i = 1; i <= 4; i++) log.publish({ cursor: i, name: `u${i}` });
    await assert.rejects(stream.next(), (error: { extensions: { code: string } }) => error.extensions.code === 'SUBSCRIPTION_LAGGING');
    assert.equal(log.listeners.size, 0);
  });
});
