import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { connectRedis } from '../../../infra/redis/connectRedis.js';
import { createRedisChangeFeed } from '../../../infra/redis/redisChangeFeed.js';
import type { Change } from '../../../projections/changeFeed.js';
import { skipUnless } from '../../support/testDb.js';
import { eventually } from '../../projections/projectionFixture.js';

const skip = skipUnless('REDIS_URL');
const prefix = `ll:test:feed:${process.pid}:`;

const change = (position: number): Change => ({
  projection: 'positions',
  position,
  changes: [{ kind: 'position', tenant: 'acme', at: position, position: { tenant: 'acme', accountId: 'acc-1', instrument: 'X', netMwh: position, averagePrice: null, updatedAt: '2025-01-02T10:00:00.000Z' } }],
});

describe('Redis change feed', { skip }, () => {
  let redis: Redis;
  before(() => {
    redis = connectRedis(process.env['REDIS_URL']!);
  });
  after(async () => {
    await redis.quit();
  });

  it('delivers what one process publishes to the listeners of every process, in order', async () => {
    const projector = createRedisChangeFeed({ redis, prefix });
    const gateway = createRedisChangeFeed({ redis, prefix });
    const elsewhere = createRedisChangeFeed({ redis, prefix: `${prefix}other:` });
    await Promise.all([projector.ready, gateway.ready, elsewhere.ready]);
    try {
      const received: Change[] = [];
      const local: Change[] = [];
      const unrelated: Change[] = [];
      gateway.subscribe((c) => received.push(c));
      projector.subscribe((c) => local.push(c));
      elsewhere.subscribe((c) => unrelated.push(c));
      for (let position = 1; position <= 50; position++) projector.publish(change(position));
      await eventually(() => received.length === 50 && local.length === 50, { what: '50 changes on both sides' });
      assert.deepEqual(received, Array.from({ length: 50 }, (_, i) => change(i + 1)));
      assert.deepEqual(local, received);
      assert.deepEqual(unrelated, [], 'another prefix is another channel');
    } finally {
      await Promise.all([projector.close(), gateway.close(), elsewhere.close()]);
    }
  });
});
