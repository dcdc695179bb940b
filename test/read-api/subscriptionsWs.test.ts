import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { PLACE_TRADE, RECORD_FILL, startGateway, tradeInput, type Gateway, type GraphQLResponse } from './gatewayHarness.js';
import { collect, wsClient } from './subscriptionClients.js';

const TRADE_UPDATED = `subscription($a: String, $after: LogPosition) {
  tradeUpdated(accountId: $a, after: $after) { cursor trade { id accountId status filledMwh version } }
}`;
const POSITION_CHANGED = `subscription($a: String!, $after: LogPosition) {
  positionChanged(accountId: $a, after: $after) { cursor position { accountId instrument netMwh } }
}`;

type Update = { cursor: string; trade: { id: string; accountId: string; status: string; filledMwh: number; version: number } };
const updates = (results: readonly unknown[]): Update[] => results.map((result) => (result as GraphQLResponse).data!['tradeUpdated'] as Update);

describe('subscriptions over WebSocket (graphql-ws on /graphql)', () => {
  let gateway: Gateway;
  let venue: string;
  before(async () => {
    gateway = await startGateway('ws');
    venue = await gateway.token({ roles: ['venue'], sub: 'venue-1' });
  });
  after(() => gateway.close());

  const place = async (accountId: string, tenantToken?: string) =>
    (await gateway.graphql(PLACE_TRADE, { input: tradeInput({ accountId }) }, tenantToken ? { token: tenantToken } : {})).data!['placeTrade'] as { tradeId: string; consistencyToken: string };
  const fill = async (tradeId: string, quantityMwh = 1) =>
    (await gateway.graphql(RECORD_FILL, { input: { tradeId, fillId: randomUUID(), quantityMwh, price: 40 } }, { token: venue })).data!['recordFill'];

  it('delivers live updates of the account, in log order, once each', async () => {
    const account = `live-${randomUUID()}`;
    const client = wsClient(gateway.url, await gateway.token({ roles: ['energy.viewer'] }));
    const iterator = client.iterate({ query: TRADE_UPDATED, variables: { a: account } });
    try {
      // Without `after` only changes from now on arrive: place trades until the subscription is live.
      const placed: string[] = [];
      const first = collect(iterator, (items) => items.length >= 1);
      while ((await Promise.race([first.then(() => true), sleep(100).then(() => false)])) === false) placed.push((await place(account)).tradeId);
      const [head] = await first;
      const firstId = updates([head!])[0]!.trade.id;
      assert.ok(placed.includes(firstId));
      const later = placed.slice(placed.indexOf(firstId) + 1);
      const extra = [(await place(account)).tradeId, (await place(account)).tradeId];
      const rest = updates(await collect(iterator, (items) => items.length >= later.length + extra.length));
      assert.deepEqual(rest.map((update) => update.trade.id), [...later, ...extra]);
      const cursors = [updates([head!])[0]!, ...rest].map((update) => Number(update.cursor));
      assert.deepEqual(cursors, [...cursors].sort((a, b) => a - b));
      assert.equal(new Set(cursors).size, cursors.length);
    } finally {
      await iterator.return?.();
      await client.dispose();
    }
  });

  it("never delivers another tenant's changes", async () => {
    const account = `shared-${randomUUID()}`;
    const globex = await gateway.token({ tenant: 'globex' });
    const client = wsClient(gateway.url, globex);
    const iterator = client.iterate({ query: TRADE_UPDATED, variables: { a: account, after: '0' } });
    try {
      await place(account); // acme's trade on an account of the same name
      await place(account);
      const marker = await place(account, globex);
      const received = updates(await collect(iterator, (items) => items.length >= 1));
      assert.deepEqual(received.map((update) => update.trade.id), [marker.tradeId]);
      await place(account);
      const unscoped = wsClient(gateway.url, globex);
      const all = unscoped.iterate({ query: TRADE_UPDATED, variables: { after: '0' } });
      const globexMarker = await place(`other-${randomUUID()}`, globex);
      const seen = updates(await collect(all, (items) => items.some((item) => updates([item])[0]!.trade.id === globexMarker.tradeId)));
      assert.deepEqual(seen.map((update) => update.trade.id), [marker.tradeId, globexMarker.tradeId], 'without accountId: every trade of the tenant, none of another');
      await all.return?.();
      await unscoped.dispose();
    } finally {
      await iterator.return?.();
      await client.dispose();
    }
  });

  it('a subscriber that resumes with `after` gets every later update exactly once, also those made while it was away', async () => {
    const account = `resume-${randomUUID()}`;
    const token = await gateway.token({ roles: ['energy.viewer'] });
    const trade = await place(account);
    await fill(trade.tradeId);

    const firstClient = wsClient(gateway.url, token);
    const firstRun = firstClient.iterate({ query: TRADE_UPDATED, variables: { a: account, after: '0' } });
    const before = updates(await collect(firstRun, (items) => items.length >= 2));
    assert.deepEqual(before.map((update) => update.trade.version), [1, 2]);
    await firstRun.return?.();
    await firstClient.dispose();
    const lastSeen = before.at(-1)!.cursor;

    for (let i = 0; i < 3; i++) await fill(trade.tradeId); // while disconnected
    const second = await place(account);

    const client = wsClient(gateway.url, token);
    const resumed = client.iterate({ query: TRADE_UPDATED, variables: { a: account, after: lastSeen } });
    // more writes race the resume (replay from SQL, then live from the change feed)
    const racing = (async () => {
      for (let i = 0; i < 3; i++) await fill(second.tradeId);
    })();
    try {
      const received = updates(await collect(resumed, (items) => items.length >= 7));
      await racing;
      const { rows } = await gateway.db.query<{ position: string }>(
        'SELECT position FROM trade_updates WHERE tenant = $1 AND account_id = $2 AND position > $3 ORDER BY position',
        ['acme', account, lastSeen],
      );
      assert.deepEqual(received.map((update) => update.cursor), rows.map((row) => String(row.position)));
      assert.deepEqual(received.map((update) => `${update.trade.id === trade.tradeId ? 'first' : 'second'}@${update.trade.version}`), [
        'first@3', 'first@4', 'first@5', 'second@1', 'second@2', 'second@3', 'second@4',
      ]);
      const extra = await collect(resumed, () => false, 300).catch((error: Error) => error);
      assert.ok(extra instanceof Error && /after 0 results/.test(extra.message), 'nothing more, nothing twice');
    } finally {
      await resumed.return?.();
      await client.dispose();
    }
  });

  it("positionChanged follows the account's net position", async () => {
    const account = `posub-${randomUUID()}`;
    const client = wsClient(gateway.url, await gateway.token(), { viaHeader: true });
    const iterator = client.iterate({ query: POSITION_CHANGED, variables: { a: account, after: '0' } });
    try {
      const trade = await place(account);
      await fill(trade.tradeId, 3);
      await fill(trade.tradeId, 2);
      const received = (await collect(iterator, (items) => items.length >= 2)).map((result) => (result as GraphQLResponse).data!['positionChanged']);
      assert.deepEqual(received.map((update: { position: { netMwh: number } }) => update.position.netMwh), [3, 5]);
      assert.equal(received[0].position.accountId, account);
    } finally {
      await iterator.return?.();
      await client.dispose();
    }
  });

  it('refuses a subscriber without a token (UNAUTHENTICATED) or without the permission (FORBIDDEN)', async () => {
    for (const [token, code] of [
      [null, 'UNAUTHENTICATED'],
      ['garbage', 'UNAUTHENTICATED'],
      [await gateway.token({ roles: ['nobody'] }), 'FORBIDDEN'],
    ] as const) {
      const client = wsClient(gateway.url, token);
      const [result] = await collect(client.iterate({ query: TRADE_UPDATED, variables: {} }), (items) => items.length >= 1);
      assert.deepEqual(result?.errors?.map((error) => error.extensions?.code), [code]);
      await client.dispose();
    }
    const client = wsClient(gateway.url, await gateway.token());
    // graphql-ws answers a subscription that fails validation with an `error` message: iterate() throws the errors.
    const rejected = await collect(client.iterate({ query: 'subscription { tradeUpdated(after: "later") { cursor } }' }), (items) => items.length >= 1).then(
      () => null,
      (errors: { extensions: { code: string; field?: string } }[]) => errors,
    );
    assert.deepEqual(rejected?.map((error) => [error.extensions.code, error.extensions.field]), [['BAD_USER_INPUT', 'after']]);
    await client.dispose();
  });
});
