import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runScript, startScript, stopped } from './scriptRunner.js';

const SERVING = /serving GraphQL at (http:\/\/[^\s/]+)\/graphql/;

describe('npm start with no configuration', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'll-start-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves GraphQL on PGlite in DATA_DIR, creates a development secret, and tells how to get a token', async () => {
    const env = { DATA_DIR: dataDir, PORT: '0' };
    const { child, match, output } = await startScript('start', env, SERVING);
    try {
      const url = match[1]!;
      assert.match(output(), /npm run -s token -- --tenant acme --roles energy\.trader/);
      const secretFile = path.join(dataDir, 'jwt-secret');
      assert.equal(statSync(secretFile).mode & 0o777, 0o600);

      const token = (await runScript('token', ['--tenant', 'acme', '--roles', 'energy.trader'], env)).stdout.trim();
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: 'mutation { placeTrade(input: { tradeId: "t-start-1", accountId: "desk-1", instrument: "ERCOT.HB_NORTH.DA", side: BUY, quantityMwh: 25, limitPrice: 42.5 }) { consistencyToken trade { id status } } }',
        }),
      });
      const body = (await response.json()) as { data: { placeTrade: { trade: { id: string; status: string } } } };
      assert.deepEqual(body.data.placeTrade.trade, { id: 't-start-1', status: 'OPEN' });

      const graphiql = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
      assert.match(await graphiql.text(), /GraphiQL|graphiql/, 'GraphiQL in development');
    } finally {
      assert.equal(await stopped(child), 0, 'SIGTERM stops it cleanly');
    }

    const secret = readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8');
    const again = await startScript('start', env, SERVING);
    try {
      assert.equal(readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8'), secret, 'the secret is kept');
      const token = (await runScript('token', [], env)).stdout.trim();
      const response = await fetch(`${again.match[1]}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ trade(id: "t-start-1") { id } }' }),
      });
      assert.deepEqual(await response.json(), { data: { trade: { id: 't-start-1' } } }, 'the data folder keeps the trade');
    } finally {
      await stopped(again.child);
    }
  });

  it('stops with a message naming the variable when the configuration is wrong', async () => {
    const { code, stderr } = await runScript('start', [], { DATA_DIR: dataDir, PORT: 'eighty' });
    assert.equal(code, 1);
    assert.match(stderr, /PORT/);
    assert.doesNotMatch(stderr, /at .*\.ts:\d+/, 'a message, not a stack trace');
  });
});
