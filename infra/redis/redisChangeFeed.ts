import type { Redis } from 'ioredis';
import { silentLog, type Log } from '../../commands/log.js';
import { createInProcessChangeFeed, type Change, type ChangeFeed } from '../../projections/changeFeed.js';

export type RedisChangeFeed = ChangeFeed & Readonly<{ ready: Promise<void>; close: () => Promise<void> }>;

/**
 * The change feed across processes: `publish` sends each change on the Redis channel
 * `<prefix>changes`, and every process (this one too) hands what arrives on it to its listeners, so all
 * listeners see the changes in one order. Pub/sub delivers at most once: a listener that must not miss a
 * change (a subscription with a cursor) replays the read models' history from SQL, as it does anyway
 * after a reconnect. `redis` publishes; a duplicate of it subscribes. Await `ready` before relying on
 * delivery.
 */
export const createRedisChangeFeed = ({ redis, prefix = 'll:', log = silentLog }: { redis: Redis; prefix?: string; log?: Log }): RedisChangeFeed => {
  const channel = `${prefix}changes`;
  const local = createInProcessChangeFeed();
  const subscriber = redis.duplicate();
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    let change: Change;
    try {
      change = JSON.parse(message) as Change;
    } catch (error) {
      log.warn({ err: error, channel }, 'unreadable change on the change feed channel');
      return;
    }
    local.publish(change);
  });
  const ready = subscriber.subscribe(channel).then(() => undefined);
  return {
    publish: (change) => {
      redis.publish(channel, JSON.stringify(change)).catch((error: unknown) => log.error({ err: error, channel, position: change.position }, 'could not publish a change'));
    },
    subscribe: (listener) => local.subscribe(listener),
    ready,
    close: async () => {
      await subscriber.quit().catch(() => undefined);
    },
  };
};
