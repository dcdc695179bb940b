import type { Redis } from 'ioredis';
import type { AlertView } from '../../projections/alerts/alertView.js';
import { hotAlertScore, severityScoreRange, type HotAlerts } from '../../projections/alerts/hotAlerts.js';

/**
 * Checks the checkpoint and writes the batch in one atomic step. KEYS[1] = checkpoint; then per change
 * KEYS = (sorted set of the tenant's open alerts, hash of their views); ARGV[1] = position, then per change
 * (at, id, score or '' when resolved, json).
 */
const applyScript = `
local checkpoint = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) <= checkpoint then return 0 end
local n = (#KEYS - 1) / 2
for i = 1, n do
  local zset, hash = KEYS[i * 2], KEYS[i * 2 + 1]
  local at, id, score, json = tonumber(ARGV[(i - 1) * 4 + 2]), ARGV[(i - 1) * 4 + 3], ARGV[(i - 1) * 4 + 4], ARGV[(i - 1) * 4 + 5]
  if at > checkpoint then
    if score == '' then
      redis.call('ZREM', zset, id)
      redis.call('HDEL', hash, id)
    else
      redis.call('ZADD', zset, score, id)
      redis.call('HSET', hash, id, json)
    end
  end
end
redis.call('SET', KEYS[1], ARGV[1])
return 1
`;

type HotRedis = Redis & { llApplyHotAlerts: (numberOfKeys: number, ...args: (string | number)[]) => Promise<number> };

/**
 * Open alerts hot in Redis: per tenant a sorted set `<prefix>alerts:open:<tenant>` scored by severity then
 * age, and a hash `<prefix>alerts:view:<tenant>` of their views (JSON); the checkpoint at
 * `<prefix>alerts:checkpoint`. The caller owns the connection.
 */
export const createRedisHotAlerts = ({ redis, prefix = 'll:' }: { redis: Redis; prefix?: string }): HotAlerts => {
  if (!('llApplyHotAlerts' in redis)) redis.defineCommand('llApplyHotAlerts', { lua: applyScript });
  const client = redis as HotRedis;
  const checkpointKey = `${prefix}alerts:checkpoint`;
  const openKey = (tenant: string) => `${prefix}alerts:open:${encodeURIComponent(tenant)}`;
  const viewKey = (tenant: string) => `${prefix}alerts:view:${encodeURIComponent(tenant)}`;

  return {
    apply: async (changes, position) => {
      const keys: string[] = [checkpointKey];
      const args: (string | number)[] = [position];
      for (const { at, alert } of changes) {
        keys.push(openKey(alert.tenant), viewKey(alert.tenant));
        args.push(at, alert.id, alert.status === 'RESOLVED' ? '' : hotAlertScore(alert), JSON.stringify(alert));
      }
      await client.llApplyHotAlerts(keys.length, ...keys, ...args);
    },
    listOpen: async (tenant, { severity = null, status = null, first = 100 } = {}) => {
      const [min, max] = severity === null ? ['-inf', '+inf'] : severityScoreRange(severity);
      const ids = await client.zrangebyscore(openKey(tenant), min, max);
      if (ids.length === 0) return [];
      const views = (await client.hmget(viewKey(tenant), ...ids)).flatMap((json) => (json === null ? [] : [JSON.parse(json) as AlertView]));
      return views.filter((view) => status === null || view.status === status).slice(0, first);
    },
    checkpoint: async () => Number((await client.get(checkpointKey)) ?? 0),
  };
};
