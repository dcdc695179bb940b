import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { signToken } from '../../infra/auth/signToken.js';
import { loadConfig } from '../../infra/config.js';
import { createLogger } from '../../infra/logger.js';
import { startSystem, type System } from '../../read-api/system.js';
import { createManualClock } from '../sagas/manualClock.js';
import { createTestDb, type TestDb } from '../support/testDb.js';
import type { GraphQLResponse } from './gatewayHarness.js';
import { collect, sseSubscribe } from './subscriptionClients.js';

const SECRET = 'test-secret-for-the-escalation-tests-0123456789';
const MINUTE = 60_000;
let db: TestDb;
let system: System;
let dataDir: string;
const clock = createManualClock(new Date().toISOString());

before(async () => {
  db = await createTestDb('gateway_escalation');
  dataDir = mkdtempSync(path.join(tmpdir(), 'll-escalation-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', HOST: '127.0.0.1', DATA_DIR: dataDir, JWT_SECRET: SECRET });
  system = await startSystem(config, { db, port: 0, sagaClock: clock, logger: createLogger(config) });
});
after(async () => {
  await system.close();
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const token = (roles: string[], sub: string) => signToken(SECRET, { tenant: 'acme', roles, sub });
const graphql = async (query: string, variables: Record<string, unknown>, bearer: string): Promise<Record<string, any>> => {
  const response = await fetch(`${system.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResponse;
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data!;
};
const eventually = async <T,>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) assert.fail(`not reached: ${JSON.stringify(value)}`);
    await sleep(100);
  }
};

describe('alert escalation through GraphQL, with the sagas’ clock moved', () => {
  it('escalates an unacknowledged critical alert after 5 minutes, notifies level 1, and stops on acknowledge; sagaUpdated follows it', async () => {
    const monitor = await token(['monitor'], 'nagios');
    const admin = await token(['energy.admin'], 'admin-1');
    clock.set(new Date().toISOString()); // the alert is raised at the wall-clock time; the sagas' clock starts there
    const { raiseAlert } = await graphql(
      `mutation { raiseAlert(input: { severity: CRITICAL, source: "pjm-rt", subject: "PJM real-time feed down", dedupeKey: "pjm-rt-down" }) { alertId } }`, {}, monitor,
    );
    const sagaId = `escalation-${raiseAlert.alertId}`;
    await eventually(() => graphql(`query S($id: ID!) { saga(id: $id) { status } }`, { id: sagaId }, admin), (d) => d['saga']?.status === 'RUNNING');
    const updates = await sseSubscribe(system.url!, admin, `subscription S($id: ID) { sagaUpdated(id: $id) { cursor saga { status steps { name status } } } }`, { id: sagaId });
    try {
      const ALERT = `query A($id: ID!) { alert(id: $id) { level status } mailbox(userId: "on-call-1") { subject } }`;
      clock.advance(5 * MINUTE + 1000);
      const escalated = await eventually(() => graphql(ALERT, { id: raiseAlert.alertId }, admin), (d) => d['alert'].level === 1 && d['mailbox'].length === 1);
      assert.equal(escalated['mailbox'][0].subject, '[CRITICAL] escalation level 1: PJM real-time feed down');
      const steps = await collect(updates.results, (items) => items.some((i) => i.data?.['sagaUpdated'].saga.steps.some((s: { status: string }) => s.status === 'done')));
      assert.ok(steps.length >= 1);

      await graphql(`mutation A($id: ID!) { acknowledgeAlert(input: { alertId: $id }) { alertId } }`, { id: raiseAlert.alertId }, await token(['energy.trader'], 'trader-1'));
      const completed = await collect(updates.results, (items) => items.some((i) => i.data?.['sagaUpdated'].saga.status === 'COMPLETED'));
      assert.equal(completed.at(-1)?.data?.['sagaUpdated'].saga.status, 'COMPLETED');
      clock.advance(30 * MINUTE);
      await sleep(1000); // the worker polls every 250 ms: time for a wrongly live timer to fire
      const after_ = await graphql(ALERT, { id: raiseAlert.alertId }, admin);
      assert.deepEqual(after_['alert'], { level: 1, status: 'ACKNOWLEDGED' });
      assert.equal(after_['mailbox'].length, 1);
    } finally {
      updates.close();
    }
  });
});
