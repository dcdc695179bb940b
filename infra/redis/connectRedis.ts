import { Redis } from 'ioredis';

/** A Redis connection for REDIS_URL. Commands wait while it (re)connects, and fail after a few retries. */
export const connectRedis = (url: string, { name = 'ledgerline' }: { name?: string } = {}): Redis =>
  new Redis(url, { connectionName: name, maxRetriesPerRequest: 3, enableAutoPipelining: true });
