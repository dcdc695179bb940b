import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectRedis } from '../../infra/redis/connectRedis.js';
import { dataOf, eventuallyData, startGateway, type Gateway } from './gatewayHarness.js';
import { collect, sseSubscribe } from './subscriptionClients.js';
import { permissionsOfRoles } from '../../domain/identity/permissions.js';

let gateway: Gateway;
let admin: string;
let monitor: string;
let trader: string;
let viewer: string;

before(async () => {
  gateway = await startGateway('identity_alerts_sagas');
  admin = await gateway.token({ roles: ['energy.admin'], sub: 'admin-1' });
  monitor = await gateway.token({ roles: ['monitor'], sub: 'nagios' });
  trader = await gateway.token({ roles: ['energy.trader'], sub: 'trader-1' });
  viewer = await gateway.token({ roles: ['energy.viewer'], sub: 'viewer-1' });
});
after(() => gateway.close());

const ok = dataOf;

const eventually = (query: string, variables: Record<string, unknown>, token: string, done: (data: Record<string, any>) => boolean) =>
  eventuallyData(gateway, query, variables, token, done);

const REGISTER = `mutation R($input: RegisterUserInput!) { registerUser(input: $input) { userId sagaId appended consistencyToken user { id email status roles } } }`;
const SAGA = `query S($id: ID!) { saga(id: $id) { id name status steps { name status detail } failure { step code message } } }`;
const USER = `query U($id: ID!) { user(id: $id) { id status permissions reason } mailbox(userId: $id) { subject to attempts } }`;

describe('onboarding through GraphQL', () => {
  it('registerUser starts the onboarding saga: the user becomes ACTIVE with the permissions of their roles and gets one welcome e-mail', async () => {
    const input = { email: 'Ada@Example.com', displayName: 'Ada Lovelace', roles: ['ENERGY_TRADER'] };
    const { registerUser } = ok(await gateway.graphql(REGISTER, { input }, { token: admin }));
    assert.equal(registerUser.user.email, 'ada@example.com');
    assert.equal(registerUser.user.status, 'REQUESTED');
    assert.deepEqual(registerUser.user.roles, ['energy.trader']);
    assert.equal(registerUser.sagaId, `onboarding-${registerUser.userId}`);
    const { saga } = await eventually(SAGA, { id: registerUser.sagaId }, admin, (d) => d['saga']?.status === 'COMPLETED');
    assert.deepEqual(saga.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`), ['createUser:done', 'sendWelcomeEmail:done', 'assignPermissions:done', 'complete:done']);
    const { user, mailbox } = await eventually(USER, { id: registerUser.userId }, admin, (d) => d['user']?.status === 'ACTIVE');
    assert.deepEqual(user.permissions, permissionsOfRoles(['energy.trader']));
    assert.deepEqual(mailbox, [{ subject: 'Welcome to Ledgerline', to: 'ada@example.com', attempts: 1 }]);
    const own = await gateway.token({ roles: ['energy.trader'], sub: registerUser.userId });
    assert.equal(ok(await gateway.graphql(USER, { id: registerUser.userId }, { token: own }))['user'].status, 'ACTIVE', 'a user reads themselves');
  });

  it('a refused welcome e-mail fails the saga at that step, says why, and deactivates the user', async () => {
    const { registerUser } = ok(await gateway.graphql(REGISTER, { input: { email: 'ghost@example.invalid', displayName: 'Ghost', roles: ['ENERGY_VIEWER'] } }, { token: admin }));
    const { saga } = await eventually(SAGA, { id: registerUser.sagaId }, admin, (d) => d['saga']?.status === 'FAILED');
    assert.equal(saga.failure.step, 'sendWelcomeEmail');
    assert.equal(saga.failure.code, 'EMAIL_REJECTED');
    const { user } = await eventually(USER, { id: registerUser.userId }, admin, (d) => d['user']?.status === 'DEACTIVATED');
    assert.equal(user.reason, 'onboarding failed at sendWelcomeEmail: EMAIL_REJECTED');
    const failed = ok(await gateway.graphql(`{ sagas(name: "onboarding", status: FAILED) { id } }`, {}, { token: admin }));
    assert.deepEqual(failed['sagas'], [{ id: registerUser.sagaId }]);
  });

  it('needs user.register and saga.read; another user is not readable without user.read', async () => {
    const denied = await gateway.graphql(REGISTER, { input: { email: 'x@example.com', displayName: 'X', roles: ['ENERGY_VIEWER'] } }, { token: trader });
    assert.equal(denied.errors?.[0]?.extensions.code, 'FORBIDDEN');
    assert.equal((await gateway.graphql(SAGA, { id: 'onboarding-x' }, { token: trader })).errors?.[0]?.extensions.code, 'FORBIDDEN');
    assert.equal((await gateway.graphql(USER, { id: 'someone-else' }, { token: trader })).errors?.[0]?.extensions.code, 'FORBIDDEN');
  });
});

const RAISE = `mutation A($input: RaiseAlertInput!) { raiseAlert(input: $input) { alertId appended consistencyToken alert { id severity status occurrences level } } }`;
const ACK = `mutation K($input: AcknowledgeAlertInput!) { acknowledgeAlert(input: $input) { alertId consistencyToken alert { status acknowledgedBy } } }`;
const RESOLVE = `mutation V($input: ResolveAlertInput!) { resolveAlert(input: $input) { alertId consistencyToken alert { status resolvedBy } } }`;

describe('alerts through GraphQL', () => {
  it('raise, deduplicate, list by severity then age, acknowledge (stopping escalation), resolve, with the history', async () => {
    const raise = (severity: string, dedupeKey: string) =>
      gateway.graphql(RAISE, { input: { severity, source: 'ercot-feed', subject: `${dedupeKey} is stale`, dedupeKey, details: '{"lag":120}' } }, { token: monitor });
    const first = ok(await raise('HIGH', 'ercot-da-stale'))['raiseAlert'];
    assert.equal(first.alert.status, 'OPEN');
    const again = ok(await raise('HIGH', 'ercot-da-stale'))['raiseAlert'];
    assert.equal(again.alertId, first.alertId);
    assert.equal(again.alert.occurrences, 2);
    const critical = ok(await raise('CRITICAL', 'pjm-rt-down'))['raiseAlert'];
    const listed = ok(await gateway.graphql(`query L($t: LogPosition) { alerts(status: OPEN, consistentWith: $t) { id severity } }`, { t: critical.consistencyToken }, { token: viewer }));
    assert.deepEqual(listed['alerts'].map((a: { id: string }) => a.id), [critical.alertId, first.alertId]);

    const escalation = `escalation-${first.alertId}`;
    await eventually(SAGA, { id: escalation }, admin, (d) => d['saga']?.status === 'RUNNING');
    const acked = ok(await gateway.graphql(ACK, { input: { alertId: first.alertId, note: 'on it' } }, { token: trader }))['acknowledgeAlert'];
    assert.deepEqual(acked.alert, { status: 'ACKNOWLEDGED', acknowledgedBy: 'trader-1' });
    await eventually(SAGA, { id: escalation }, admin, (d) => d['saga']?.status === 'COMPLETED');

    const resolved = ok(await gateway.graphql(RESOLVE, { input: { alertId: first.alertId, resolution: 'feed restarted' } }, { token: monitor }))['resolveAlert'];
    assert.deepEqual(resolved.alert, { status: 'RESOLVED', resolvedBy: 'nagios' });
    const { alert } = ok(await gateway.graphql(`query O($id: ID!) { alert(id: $id) { status history { alert { status occurrences } } } }`, { id: first.alertId }, { token: viewer }));
    assert.deepEqual(alert.history.map((h: { alert: { status: string; occurrences: number } }) => `${h.alert.status}:${h.alert.occurrences}`), ['OPEN:1', 'OPEN:2', 'ACKNOWLEDGED:2', 'RESOLVED:2']);
    const open = ok(await gateway.graphql(`query L($t: LogPosition) { alerts(status: OPEN, consistentWith: $t) { id } }`, { t: resolved.consistencyToken }, { token: viewer }));
    assert.deepEqual(open['alerts'].map((a: { id: string }) => a.id), [critical.alertId]);
    if (process.env['REDIS_URL']) {
      // served mode: the open alerts are hot in Redis, scored by severity then age
      const redis = connectRedis(process.env['REDIS_URL']);
      try {
        assert.deepEqual(await redis.zrange('ll-test-gateway-identity_alerts_sagas:alerts:open:acme', '0', '-1'), [critical.alertId]);
      } finally {
        await redis.quit();
      }
    }
  });

  it('refuses a viewer raising or acknowledging, and a bad severity', async () => {
    const denied = await gateway.graphql(RAISE, { input: { severity: 'LOW', source: 's', subject: 's', dedupeKey: 'k' } }, { token: viewer });
    assert.equal(denied.errors?.[0]?.extensions.code, 'FORBIDDEN');
    const bad = await gateway.graphql(RAISE, { input: { severity: 'APOCALYPTIC', source: 's', subject: 's', dedupeKey: 'k' } }, { token: monitor });
    assert.ok(bad.errors?.length);
  });

  it('alertRaised (SSE) replays the raises after a cursor, then goes live; occurrences are not raises', async () => {
    const before = ok(await gateway.graphql(RAISE, { input: { severity: 'LOW', source: 's', subject: 'one', dedupeKey: 'sub-1' } }, { token: monitor }))['raiseAlert'];
    ok(await gateway.graphql(RAISE, { input: { severity: 'LOW', source: 's', subject: 'one', dedupeKey: 'sub-1' } }, { token: monitor }));
    const second = ok(await gateway.graphql(RAISE, { input: { severity: 'MEDIUM', source: 's', subject: 'two', dedupeKey: 'sub-2' } }, { token: monitor }))['raiseAlert'];
    const subscription = await sseSubscribe(gateway.url, viewer, `subscription S($after: LogPosition) { alertRaised(after: $after) { cursor alert { id subject } } }`, {
      after: String(Number(before.consistencyToken) - 1),
    });
    try {
      const replayed = await collect(subscription.results, (items) => items.length >= 2);
      assert.deepEqual(replayed.map((r) => r.data?.['alertRaised'].alert.id), [before.alertId, second.alertId]);
      const live = ok(await gateway.graphql(RAISE, { input: { severity: 'HIGH', source: 's', subject: 'three', dedupeKey: 'sub-3' } }, { token: monitor }))['raiseAlert'];
      const next = await collect(subscription.results, (items) => items.length >= 1);
      assert.equal(next[0]?.data?.['alertRaised'].alert.id, live.alertId);
    } finally {
      subscription.close();
    }
  });
});
