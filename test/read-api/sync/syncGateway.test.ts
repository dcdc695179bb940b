import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dataOf, startGateway, type Gateway } from '../gatewayHarness.js';
import { collect, sseSubscribe } from '../subscriptionClients.js';

let gateway: Gateway;
let integration: string;
let analyst: string;
let trader: string;

before(async () => {
  gateway = await startGateway('sync', { SYNC_STRATEGIES: 'counterparty=FIELD_MERGE,price_curve=LAST_WRITE_WINS' });
  integration = await gateway.token({ roles: ['integration'], sub: 'svc-kb' });
  analyst = await gateway.token({ roles: ['energy.analyst'], sub: 'ana' });
  trader = await gateway.token({ roles: ['energy.trader'], sub: 'trader-1' });
});
after(() => gateway.close());

const ok = dataOf;

const RECORD = `mutation R($input: RecordExternalChangeInput!) {
  recordExternalChange(input: $input) { entityType entityId version conflictId appended consistencyToken
    conflict { id status strategy conflictingFields resolution winner incoming { source fields } current { source fields } }
    record { version fields lastSource } } }`;
const RESOLVE = `mutation S($id: ID!, $resolution: SyncResolutionInput!) {
  resolveSyncConflict(id: $id, resolution: $resolution) { version conflictId consistencyToken
    conflict { status resolution winner result resolvedBy note auditTrail { eventType actor } } record { version fields } } }`;
const change = (entityType: string, entityId: string, source: string, baseVersion: number, changedAt: string, fields: Record<string, unknown>) =>
  ({ input: { entityType, entityId, source, baseVersion, changedAt, fields } });

describe('data sync through GraphQL', () => {
  it('a field-merge conflict on the same field stays OPEN, shows in syncConflicts(status: OPEN), a person resolves it, and the subscriber saw it', async () => {
    const head = ok(await gateway.graphql(RECORD, change('counterparty', 'cp-1', 'trading', 0, '2026-03-01T10:00:00Z', { name: 'Acme', rating: 'A' }), { token: integration }))['recordExternalChange'];
    assert.deepEqual(head.record, { version: 1, fields: { name: 'Acme', rating: 'A' }, lastSource: 'trading' });
    const subscription = await sseSubscribe(gateway.url, analyst, `subscription S($after: LogPosition) { syncConflictDetected(after: $after) { cursor conflict { id entityId conflictingFields status } } }`, { after: head.consistencyToken });
    try {
      ok(await gateway.graphql(RECORD, change('counterparty', 'cp-1', 'trading', 1, '2026-03-01T10:01:00Z', { rating: 'BBB' }), { token: integration }));
      const stale = ok(await gateway.graphql(RECORD, change('counterparty', 'cp-1', 'kb', 1, '2026-03-01T10:02:00Z', { rating: 'AA' }), { token: integration }))['recordExternalChange'];
      assert.equal(stale.version, 2, 'the record stays at version 2');
      assert.deepEqual(stale.conflict, {
        id: stale.conflictId, status: 'OPEN', strategy: 'FIELD_MERGE', conflictingFields: ['rating'], resolution: null, winner: null,
        incoming: { source: 'kb', fields: { rating: 'AA' } }, current: { source: 'trading', fields: { rating: 'BBB' } },
      });
      const [seen] = await collect(subscription.results, (items) => items.length >= 1);
      assert.deepEqual(seen?.data?.['syncConflictDetected'].conflict, { id: stale.conflictId, entityId: 'cp-1', conflictingFields: ['rating'], status: 'OPEN' });

      const open = ok(await gateway.graphql(`query Q($t: LogPosition) { syncConflicts(status: OPEN, consistentWith: $t) { id } }`, { t: stale.consistencyToken }, { token: analyst }))['syncConflicts'];
      assert.deepEqual(open, [{ id: stale.conflictId }]);
      const resolved = ok(await gateway.graphql(RESOLVE, { id: stale.conflictId, resolution: { choice: 'INCOMING', note: 'kb is right' } }, { token: analyst }))['resolveSyncConflict'];
      assert.deepEqual(resolved.record, { version: 3, fields: { name: 'Acme', rating: 'AA' } });
      assert.deepEqual(
        { ...resolved.conflict, auditTrail: resolved.conflict.auditTrail.map((e: { eventType: string; actor: string }) => `${e.eventType}:${e.actor}`) },
        { status: 'RESOLVED', resolution: 'INCOMING', winner: 'kb', result: { rating: 'AA' }, resolvedBy: 'ana', note: 'kb is right', auditTrail: ['SyncConflictDetected:svc-kb', 'SyncConflictResolved:ana', 'SyncRecordChanged:ana'] },
      );
      assert.deepEqual(ok(await gateway.graphql(`{ syncConflicts(status: OPEN) { id } }`, {}, { token: analyst }))['syncConflicts'], []);
    } finally {
      subscription.close();
    }
  });

  it('last-write-wins settles at once; permissions and unknown conflicts answer with codes', async () => {
    ok(await gateway.graphql(RECORD, change('price_curve', 'c-1', 'kb', 0, '2026-03-01T10:00:00Z', { p50: 40 }), { token: integration }));
    ok(await gateway.graphql(RECORD, change('price_curve', 'c-1', 'kb', 1, '2026-03-01T10:05:00Z', { p50: 42 }), { token: integration }));
    const late = ok(await gateway.graphql(RECORD, change('price_curve', 'c-1', 'trading', 1, '2026-03-01T10:06:00Z', { p50: 41 }), { token: integration }))['recordExternalChange'];
    assert.deepEqual([late.conflict.status, late.conflict.resolution, late.conflict.winner, late.record.fields], ['RESOLVED', 'INCOMING', 'trading', { p50: 41 }]);
    const denied = await gateway.graphql(RECORD, change('price_curve', 'c-1', 'x', 3, '2026-03-01T10:07:00Z', { p50: 1 }), { token: trader });
    assert.equal(denied.errors?.[0]?.extensions.code, 'FORBIDDEN');
    const missing = await gateway.graphql(RESOLVE, { id: `${'0'.repeat(32)}.1`, resolution: { choice: 'CURRENT' } }, { token: analyst });
    assert.equal(missing.errors?.[0]?.extensions.code, 'SYNC_CONFLICT_NOT_FOUND');
    const other = await gateway.token({ tenant: 'globex', roles: ['energy.analyst'], sub: 'g' });
    assert.deepEqual(ok(await gateway.graphql(`{ syncConflicts { id } }`, {}, { token: other }))['syncConflicts'], [], 'another tenant sees none');
  });
});
