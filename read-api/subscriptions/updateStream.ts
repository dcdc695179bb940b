import { gatewayError } from '../errors/gatewayError.js';

export type Cursored = Readonly<{ cursor: number }>;

export type UpdateStreamOptions<U extends Cursored> = Readonly<{
  /** Subscribes to live updates (already filtered to what the caller may see); returns the unsubscribe. */
  listen: (push: (update: U) => void) => () => void;
  /** Stored updates with a cursor past `after`, in log order, at most `limit`. */
  replay: (after: number, limit: number) => Promise<readonly U[]>;
  /** Resume after this cursor (replaying what was missed), or null for live updates only. */
  after: number | null;
  pageSize?: number;
  /** Live updates held for a slow client before the stream ends with SUBSCRIPTION_LAGGING. */
  maxBuffered?: number;
}>;

const DONE = { value: undefined, done: true } as const;

/**
 * Replay then live, each update exactly once. It listens first and buffers, then replays the stored
 * history page by page past `after`, then serves the buffer and the live feed, skipping what the replay
 * already delivered (a cursor at or below the replay's last). A hand-written iterator rather than an
 * async generator, so that `return()` ends a stream that is waiting for the next live update at once.
 */
export const updateStream = <U extends Cursored>({
  listen,
  replay,
  after,
  pageSize = 500,
  maxBuffered = 10_000,
}: UpdateStreamOptions<U>): AsyncIterableIterator<U> => {
  let state: 'replaying' | 'live' | 'done' = after === null ? 'live' : 'replaying';
  let replayedUpTo = after ?? -1;
  let page: U[] = [];
  const live: U[] = [];
  let waiting: { resolve: (result: IteratorResult<U>) => void; reject: (error: unknown) => void } | null = null;
  let failure: Error | null = null;

  const takeLive = (): U | undefined => {
    for (let update = live.shift(); update !== undefined; update = live.shift()) {
      if (update.cursor > replayedUpTo) return update;
    }
    return undefined;
  };

  const finish = (): void => {
    state = 'done';
    live.length = 0;
    page = [];
    unlisten();
  };

  const unlisten = listen((update) => {
    if (state === 'done') return;
    live.push(update);
    if (live.length > maxBuffered) {
      failure = gatewayError('SUBSCRIPTION_LAGGING', 'The client reads too slowly: subscribe again with `after` set to the last cursor');
      finish();
    }
    if (waiting === null) return;
    const { resolve, reject } = waiting;
    if (failure !== null) {
      waiting = null;
      reject(failure);
      return;
    }
    const next = takeLive();
    if (next === undefined) return;
    waiting = null;
    resolve({ value: next, done: false });
  });

  const stop = async (): Promise<IteratorResult<U>> => {
    finish();
    waiting?.resolve(DONE);
    waiting = null;
    return DONE;
  };

  const next = async (): Promise<IteratorResult<U>> => {
    while (state === 'replaying') {
      if (page.length === 0) {
        page = [...(await replay(replayedUpTo, pageSize))];
        if (page.length === 0 && state === 'replaying') state = 'live';
      }
      const update = page.shift();
      if (update !== undefined && state === 'replaying') {
        replayedUpTo = update.cursor;
        return { value: update, done: false };
      }
    }
    if (failure !== null) throw failure;
    if (state === 'done') return DONE;
    const update = takeLive();
    if (update !== undefined) return { value: update, done: false };
    return new Promise((resolve, reject) => {
      waiting = { resolve, reject };
    });
  };

  return {
    next,
    return: stop,
    throw: async (error: unknown) => {
      await stop();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
};
