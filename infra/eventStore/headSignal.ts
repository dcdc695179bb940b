import pg from 'pg';
import type { Log } from '../../commands/log.js';
import type { Db } from '../db/db.js';

export const appendChannel = 'll_events';
const defaultWaitMs = 1000;

type Waiter = { after: number; wake: () => void };

/**
 * Wakes waiters when the log's head moves past a position: at once for appends of this process, through
 * LISTEN/NOTIFY for appends of other processes (PostgreSQL only; PGlite has one process), and after a
 * timeout in any case, so a lost notification costs latency, never an event.
 */
export const createHeadSignal = ({ db, log }: { db: Db; log: Log }) => {
  let known = 0;
  const waiters = new Set<Waiter>();
  let listener: Promise<pg.Client | null> | null = null;
  let closed = false;

  const advance = (position: number): void => {
    if (position > known) known = position;
    for (const waiter of waiters) if (known > waiter.after) waiter.wake();
  };

  const listen = (): void => {
    if (listener !== null || closed || db.kind !== 'postgres') return;
    listener = (async () => {
      const client = new pg.Client(db.connectionConfig());
      const drop = (error?: unknown) => {
        if (error) log.warn({ err: error }, 'event store listener lost; falling back to polling until it reconnects');
        listener = null;
        client.end().catch(() => undefined);
      };
      try {
        client.on('error', drop);
        client.on('notification', (message) => advance(Number(message.payload)));
        await client.connect();
        await client.query(`LISTEN ${appendChannel}`);
        return client;
      } catch (error) {
        drop(error);
        return null;
      }
    })();
  };

  const wait = (after: number, { timeoutMs = defaultWaitMs, signal }: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> => {
    listen();
    if (known > after || signal?.aborted || closed) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter: Waiter = { after, wake: () => done() };
      const timer = setTimeout(() => done(), timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(waiter);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      signal?.addEventListener('abort', done, { once: true });
      waiters.add(waiter);
    });
  };

  const close = async (): Promise<void> => {
    closed = true;
    for (const waiter of waiters) waiter.wake();
    const client = await listener;
    await client?.end().catch(() => undefined);
  };

  /** The highest head position this process has seen committed. */
  const head = (): number => known;

  return { advance, wait, head, close };
};
