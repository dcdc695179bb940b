import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { silentLog, type Log } from '../../commands/log.js';
import { createInProcessChangeFeed, type Change, type ChangeFeed } from '../../projections/changeFeed.js';

export type RedisChangeFeed = ChangeFeed & Readonly<{ ready: Promise<void>; close: () => Promise<void> }>;

/** What travels on the channel: the change and the feed that published it. */
type Envelope = Readonly<{ origin: string; change: Change }>;

/**
 * The change feed across processes: `publish` hands a change to this process's listeners at once and
 * sends it on the Redis channel `<prefix>changes`, from which every other process hands it to its own
 * listeners (a feed skips its own messages). Pub/sub delivers at most once: a listener that must not miss
 * a change (a subscription with a cursor) replays the read models' history from SQL, as it does anyway
 * after a reconnect, and read-your-writes in another process also polls the checkpoints
 * (projections/followProjections.ts). `redis` publishes; a duplicate of it subscribes. Await `ready`
 * before relying on delivery.
 */
export const createRedisChangeFeed = ({ redis, prefix = 'll:', log = silentLog }: { redis: Redis; prefix?: string; log?: Log }): RedisChangeFeed => {
  const channel = `${prefix}changes`;
  const origin = randomUUID();
  const local = createInProcessChangeFeed();
  const subscriber = redis.duplicate();
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch (error) {
      log.warn({ err: error, channel }, 'unreadable change on the change feed channel');
      return;
    }
    if (envelope.origin !== origin) local.publish(envelope.change);
  });
  const ready = subscriber.subscribe(channel).then(() => undefined);
  return {
    publish: (change) => {
      local.publish(change);
      const envelope: Envelope = { origin, change };
      redis.publish(channel, JSON.stringify(envelope)).catch((error: unknown) => log.error({ err: error, channel, position: change.position }, 'could not publish a change'));
    },
    subscribe: (listener) => local.subscribe(listener),
    ready,
    close: async () => {
      await subscriber.quit().catch(() => undefined);
    },
  };
};
