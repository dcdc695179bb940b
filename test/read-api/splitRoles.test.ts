import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectPostgres } from '../../infra/db/db.js';
import { loadConfig } from '../../infra/config.js';
import { createLogger } from '../../infra/logger.js';
import { startSystem, type System } from '../../read-api/system.js';
import { createTestDb, skipUnless, type TestDb } from '../support/testDb.js';
import { PLACE_TRADE, RECORD_FILL, TEST_SECRET, tradeInput } from './gatewayHarness.js';
import { signToken } from '../../infra/auth/signToken.js';
import { collect, sseSubscribe } from './subscriptionClients.js';

const skip = skipUnless('DATABASE_URL') || skipUnless('REDIS_URL');
const silent = { write: () => undefined };

/**
 * The served split: one process projects and runs the sagas, another only serves GraphQL. They share
 * PostgreSQL, Redis (the change feed, the hot positions) and the blob folder, nothing else.
 */
describe('a gateway without the projector role, beside a projector process', { skip }, () => {
  let db: TestDb;
  let dataDir: string;
  let worker: System;
  let gateway: System;
  const prefix = `ll-test-split-${process.pid}:`;

  const env = (roles: string) => ({ NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, REDIS_URL: process.env['REDIS_URL']!, DATABASE_URL: db.url!, ROLES: roles });
  const start = (roles: string) => {
    const config = loadConfig(env(roles));
    return startSystem(config, { db: connectPostgres({ connectionString: db.url!, max: 5 }), port: 0, redisPrefix: prefix, logger: createLogger(config, { destination: silent }) });
  };
  const token = (roles: string[], tenant = 'split') => signToken(TEST_SECRET, { tenant, roles, sub: 'user-1' });
  const graphql = async (query: string, variables: Record<string, unknown>, bearer: string) => {
    const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: Record<string, any>; errors?: { message: string; extensions: { code: string } }[] };
  };

  before(async () => {
    db = await createTestDb('read_api_split_roles');
    dataDir = mkdtempSync(path.join(tmpdir(), 'll-split-'));
    worker = await start('projector,saga');
    gateway = await start('gateway');
  });
  after(async () => {
    await gateway?.close();
    await worker?.close();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs no projection in the gateway process and no server in the other', () => {
    assert.equal(gateway.runtime, null);
    assert.equal(worker.url, null);
    assert.ok(gateway.url);
  });

  it('answers a mutation with the trade as the other process projected it (read-your-writes across processes)', async () => {
    const placed = await graphql(PLACE_TRADE, { input: tradeInput({ accountId: 'split-desk' }) }, await token(['energy.trader']));
    assert.equal(placed.errors, undefined, JSON.stringify(placed.errors));
    assert.deepEqual([placed.data?.['placeTrade'].trade.status, placed.data?.['placeTrade'].trade.accountId], ['OPEN', 'split-desk']);
    const positions = await graphql('query ($t: LogPosition) { positions(accountId: "split-desk", consistentWith: $t) { instrument netMwh } }', { t: placed.data?.['placeTrade'].consistencyToken }, await token(['energy.trader']));
    assert.equal(positions.errors, undefined, JSON.stringify(positions.errors));
    assert.deepEqual(positions.data?.['positions'], []);
  });

  it('after a restart, still answers consistentWith for a token a read model passed without applying anything', async () => {
    const placed = (await graphql(PLACE_TRADE, { input: tradeInput({ accountId: 'split-restart' }) }, await token(['energy.trader']))).data?.['placeTrade'];
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the projector writes idle advances at most once a second
    await gateway.close();
    gateway = await start('gateway'); // knows only what ll_checkpoints says; the log stays quiet
    const started = Date.now();
    const positions = await graphql('query ($t: LogPosition) { positions(accountId: "split-restart", consistentWith: $t) { netMwh } }', { t: placed.consistencyToken }, await token(['energy.trader']));
    assert.equal(positions.errors, undefined, JSON.stringify(positions.errors));
    assert.ok(Date.now() - started < 1000, 'answered without waiting for another event');
  });

  it('pushes the other process’s projected changes to subscribers through the Redis change feed', async () => {
    const account = `split-${randomUUID()}`;
    const placed = (await graphql(PLACE_TRADE, { input: tradeInput({ accountId: account, quantityMwh: 5 }) }, await token(['energy.trader']))).data?.['placeTrade'];
    const stream = await sseSubscribe(gateway.url!, await token(['energy.analyst']), 'subscription ($a: String) { tradeUpdated(accountId: $a) { cursor trade { status filledMwh } } }', { a: account });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200)); // the subscription is listening
      await graphql(RECORD_FILL, { input: { tradeId: placed.tradeId, fillId: randomUUID(), quantityMwh: 5, price: 30 } }, await token(['venue']));
      const [update] = await collect(stream.results, (items) => items.length >= 1);
      assert.deepEqual(update?.data?.['tradeUpdated']?.trade, { status: 'FILLED', filledMwh: 5 });
    } finally {
      stream.close();
    }
  });

  it('takes an upload whose processing saga runs in the other process, and tells the subscriber', async () => {
    const analyst = await token(['energy.analyst']);
    const stream = await sseSubscribe(gateway.url!, analyst, 'subscription { documentProcessed { document { id status instruments } } }');
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const response = await fetch(`${gateway.url}/documents?fileName=split.md`, { method: 'POST', headers: { authorization: `Bearer ${analyst}`, 'content-type': 'text/markdown' }, body: '# Split\nERCOT.HB_WEST.RT cleared high.' });
      const { documentId } = (await response.json()) as { documentId: string };
      const [event] = await collect(stream.results, (items) => items.length >= 1);
      assert.deepEqual(event?.data?.['documentProcessed']?.document, { id: documentId, status: 'INDEXED', instruments: ['ERCOT.HB_WEST.RT'] });
    } finally {
      stream.close();
    }
  });
});

describe('a gateway without the projector role, misconfigured', () => {
  it('refuses to start without a shared database and Redis, naming both', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'll-split-bad-'));
    try {
      const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, JWT_SECRET: TEST_SECRET, ROLES: 'gateway' });
      await assert.rejects(startSystem(config, { port: 0, logger: createLogger(config, { destination: silent }) }), /ROLES: a gateway without the projector role .* needs DATABASE_URL \(the shared database\) and REDIS_URL/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
