import type { Redis } from 'ioredis';
import type { PositionView } from '../../projections/changeFeed.js';
import { byInstrument, type HotPositions } from '../../projections/hotPositions.js';

/**
 * Checks the checkpoint and writes the batch in one atomic step (what WATCH + MULTI would give, without
 * a connection of its own for WATCH): a batch at or below the checkpoint changes nothing, a change at or
 * below it is skipped, and the checkpoint moves with the writes.
 * KEYS[1] = checkpoint, KEYS[2..] = account hashes; ARGV[1] = position, then (at, instrument, json) per key.
 */
const applyScript = `
local checkpoint = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) <= checkpoint then return 0 end
for i = 2, #KEYS do
  local at = tonumber(ARGV[(i - 2) * 3 + 2])
  if at > checkpoint then redis.call('HSET', KEYS[i], ARGV[(i - 2) * 3 + 3], ARGV[(i - 2) * 3 + 4]) end
end
redis.call('SET', KEYS[1], ARGV[1])
return 1
`;

type HotRedis = Redis & { llApplyHotPositions: (numberOfKeys: number, ...args: (string | number)[]) => Promise<number> };

/**
 * The hot copy of positions in Redis: one hash per account (`<prefix>positions:<tenant>:<account>`, field
 * = instrument, value = the PositionView as JSON) and the checkpoint at `<prefix>positions:checkpoint`.
 * Idempotent by log position (see applyScript). The caller owns the connection.
 */
export const createRedisHotPositions = ({ redis, prefix = 'll:' }: { redis: Redis; prefix?: string }): HotPositions => {
  if (!('llApplyHotPositions' in redis)) redis.defineCommand('llApplyHotPositions', { lua: applyScript });
  const client = redis as HotRedis;
  const checkpointKey = `${prefix}positions:checkpoint`;
  const accountKey = (tenant: string, accountId: string): string =>
    `${prefix}positions:${encodeURIComponent(tenant)}:${encodeURIComponent(accountId)}`;

  return {
    apply: async (changes, position) => {
      const keys: string[] = [];
      const args: (string | number)[] = [position];
      for (const change of changes) {
        if (change.kind !== 'position') continue;
        const { position: view } = change;
        keys.push(accountKey(view.tenant, view.accountId));
        args.push(change.at, view.instrument, JSON.stringify(view));
      }
      await client.llApplyHotPositions(keys.length + 1, checkpointKey, ...keys, ...args);
    },
    list: async (tenant, accountId) => {
      const fields = await client.hgetall(accountKey(tenant, accountId));
      return Object.values(fields).map((json) => JSON.parse(json) as PositionView).sort(byInstrument);
    },
    checkpoint: async () => Number((await client.get(checkpointKey)) ?? 0),
  };
};
