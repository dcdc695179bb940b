import type { Redis } from 'ioredis';
import type { Log } from '../../../commands/log.js';
import type { Sql } from '../../../infra/db/db.js';
import { createRedisHotAlerts } from '../../../infra/redis/redisHotAlerts.js';
import { createHotAlertsFeeder } from '../../../projections/alerts/hotAlertsFeeder.js';
import type { ChangeFeed } from '../../../projections/changeFeed.js';
import type { HotAlertsReads } from '../sagas/contextServices.js';

/** Open alerts hot in Redis (served mode): caught up from alert_updates, then fed from the change feed. */
export const startHotAlerts = async ({
  redis, prefix, sql, feed, projectionPosition, log,
}: { redis: Redis; prefix: string; sql: Sql; feed: ChangeFeed; projectionPosition: () => number; log: Log }): Promise<{ reads: HotAlertsReads; stop: () => Promise<void> }> => {
  const hot = createRedisHotAlerts({ redis, prefix });
  const feeder = createHotAlertsFeeder({ sql, hot, feed, log, projectionPosition });
  await feeder.start();
  return { reads: { hot, waitFor: feeder.waitFor, projectionPosition }, stop: feeder.stop };
};
