import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { signToken } from '../../infra/auth/signToken.js';
import { loadConfig } from '../../infra/config.js';
import { createLogger } from '../../infra/logger.js';
import { connectRedis } from '../../infra/redis/connectRedis.js';
import { startSystem, type System } from '../../read-api/system.js';
import { createTestDb, type TestDb } from '../support/testDb.js';

export const TEST_SECRET = 'test-secret-for-the-gateway-tests-0123456789';

export type GraphQLResponse = {
  data?: Record<string, any> | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions: Record<string, unknown> & { code: string } }[];
};

export type Gateway = Readonly<{
  system: System;
  db: TestDb;
  url: string;
  /** Log lines written while the system ran (JSON objects). */
  logLines: () => Record<string, unknown>[];
  token: (claims?: { tenant?: string; roles?: readonly string[]; sub?: string }) => Promise<string>;
  /** POST /graphql with a bearer token (or none). */
  graphql: (query: string, variables?: Record<string, unknown>, options?: { token?: string | null; headers?: Record<string, string> }) => Promise<GraphQLResponse>;
  close: () => Promise<void>;
}>;

const clearRedisPrefix = async (url: string, prefix: string): Promise<void> => {
  const redis = connectRedis(url);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
};

/**
 * The whole system on a real port: a fresh database of its own (PostgreSQL when DATABASE_URL is set,
 * PGlite otherwise), Redis under a prefix of its own when REDIS_URL is set, a JSON logger captured here.
 */
export const startGateway = async (name: string, env: Record<string, string> = {}): Promise<Gateway> => {
  const db = await createTestDb(`gateway_${name}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), `ll-gateway-${name}-`));
  const redisUrl = process.env['REDIS_URL'];
  const redisPrefix = `ll-test-gateway-${name}:`;
  if (redisUrl) await clearRedisPrefix(redisUrl, redisPrefix);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_SECRET,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...env,
  });
  const lines: string[] = [];
  const destination = new Writable({
    write: (chunk, _encoding, done) => {
      lines.push(...String(chunk).split('\n').filter((line) => line !== ''));
      done();
    },
  });
  const system = await startSystem(config, { db, port: 0, redisPrefix, logger: createLogger(config, { destination }) });
  if (system.url === null) throw new Error('the gateway did not start');
  const url = system.url;

  const token: Gateway['token'] = ({ tenant = 'acme', roles = ['energy.trader'], sub = 'trader-1' } = {}) =>
    signToken(TEST_SECRET, { tenant, roles, sub });

  const graphql: Gateway['graphql'] = async (query, variables = {}, { token: bearer, headers = {} } = {}) => {
    const authorization = bearer === undefined ? `Bearer ${await token()}` : bearer === null ? null : `Bearer ${bearer}`;
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse;
  };

  return {
    system,
    db,
    url,
    logLines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    token,
    graphql,
    close: async () => {
      await system.close();
      await db.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

export const PLACE_TRADE = `
  mutation Place($input: PlaceTradeInput!) {
    placeTrade(input: $input) {
      tradeId consistencyToken appended
      trade { id accountId instrument side quantityMwh filledMwh limitPrice averageFillPrice status version }
    }
  }`;

export const RECORD_FILL = `
  mutation Fill($input: RecordFillInput!) {
    recordFill(input: $input) { tradeId consistencyToken appended trade { id filledMwh status averageFillPrice } }
  }`;

export const CANCEL_TRADE = `
  mutation Cancel($input: CancelTradeInput!) {
    cancelTrade(input: $input) { tradeId consistencyToken appended trade { id status } }
  }`;

export const tradeInput = (overrides: Record<string, unknown> = {}) => ({
  accountId: 'desk-1',
  instrument: 'ERCOT.HB_NORTH.DA',
  side: 'BUY',
  quantityMwh: 10,
  limitPrice: 42.5,
  ...overrides,
});

/** The data of a response that must have no errors. */
export const dataOf = (response: GraphQLResponse): Record<string, any> => {
  assert.equal(response.errors, undefined, JSON.stringify(response.errors));
  return response.data!;
};

/** Polls `query` until `done` holds of its data (sagas and dispatchers run in the background), for at most 10 s. */
export const eventuallyData = async (
  gateway: Gateway,
  query: string,
  variables: Record<string, unknown>,
  token: string,
  done: (data: Record<string, any>) => boolean,
  { pollMs = 100 }: { pollMs?: number } = {},
): Promise<Record<string, any>> => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const data = dataOf(await gateway.graphql(query, variables, { token }));
    if (done(data)) return data;
    if (Date.now() > deadline) assert.fail(`not reached: ${JSON.stringify(data)}`);
    await sleep(pollMs);
  }
};
