import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { EventStore } from '../../../commands/eventStore.js';
import { createSyncCommands, type SyncCommands } from '../../../commands/sync/syncCommands.js';
import type { SyncStrategy } from '../../../domain/sync/events.js';
import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { createInProcessChangeFeed } from '../../../projections/changeFeed.js';
import { createProjectionRuntime, type ProjectionRuntime } from '../../../projections/runtime.js';
import { syncProjection } from '../../../projections/sync/syncProjection.js';
import { getSyncConflict, getSyncRecord, listSyncConflicts, syncAuditTrail } from '../../../projections/sync/syncQueries.js';
import { createTestDb, type TestDb } from '../../support/testDb.js';

let db: TestDb;
let store: EventStore;
let sync: SyncCommands;
let runtime: ProjectionRuntime;
const strategies: Record<string, SyncStrategy> = { counterparty: 'FIELD_MERGE', price_curve: 'LAST_WRITE_WINS', contract: 'MANUAL' };
const as = (actor: string, roles: string[], tenant = 'acme') => ({ tenant, actor, roles, correlationId: randomUUID(), traceparent: null });
const trading = as('svc-trading', ['integration']);
const kb = as('svc-kb', ['integration']);
const lead = as('ops-lead', ['energy.analyst']);

before(async () => {
  db = await createTestDb('projections_sync');
  store = createPostgresEventStore(db);
  sync = createSyncCommands({ store, strategies: (_tenant, type) => strategies[type] ?? 'MANUAL', clock: () => new Date('2026-03-01T12:00:00.000Z') });
  runtime = createProjectionRuntime({ db, store, feed: createInProcessChangeFeed(), projections: [syncProjection], idleWaitMs: 50 });
  await runtime.start();
});
after(async () => {
  await runtime.stop();
  await store.close();
  await db.close();
});

const settled = async (position: number) => runtime.waitFor(position, { timeoutMs: 5000, projections: ['sync'] });

describe('data-sync conflicts against the event store and read model', () => {
  it('two sources changing the same record from the same version at once: one applies, the other is a conflict; field merge settles different fields', async () => {
    const entity = { entityType: 'counterparty', entityId: `cp-${randomUUID()}` };
    await sync.recordExternalChange({ ...entity, source: 'trading', baseVersion: 0, changedAt: '2026-03-01T10:00:00Z', fields: { name: 'Acme Power', rating: 'A', country: 'US' } }, trading);
    const [a, b] = await Promise.all([
      sync.recordExternalChange({ ...entity, source: 'trading', baseVersion: 1, changedAt: '2026-03-01T10:01:00Z', fields: { rating: 'BBB' } }, trading),
      sync.recordExternalChange({ ...entity, source: 'kb', baseVersion: 1, changedAt: '2026-03-01T10:01:30Z', fields: { country: 'CA' } }, kb),
    ]);
    const conflicts = [a, b].filter((r) => r.conflictId !== null);
    assert.equal(conflicts.length, 1, 'exactly one of the two lands on a newer version');
    await settled(Math.max(a.position, b.position));
    const record = await getSyncRecord(db, { tenant: 'acme', ...entity });
    assert.deepEqual(record?.fields, { name: 'Acme Power', rating: 'BBB', country: 'CA' });
    assert.equal(record?.version, 3);
    const conflict = await getSyncConflict(db, { tenant: 'acme', id: conflicts[0]!.conflictId! });
    assert.deepEqual([conflict?.status, conflict?.resolution, conflict?.resolvedBy, conflict?.conflictingFields], ['RESOLVED', 'MERGED', 'system:field-merge', []]);
  });

  it('two writers that do not share a command queue (two processes) race on one record: one applies, the other retries into a conflict', async () => {
    const other = createSyncCommands({ store, strategies: () => 'MANUAL', clock: () => new Date('2026-03-01T12:00:00.000Z') });
    const entity = { entityType: 'contract', entityId: `k-${randomUUID()}` };
    await sync.recordExternalChange({ ...entity, source: 'trading', baseVersion: 0, changedAt: '2026-03-01T08:00:00Z', fields: { hub: 'HB_NORTH' } }, trading);
    const results = await Promise.all([
      sync.recordExternalChange({ ...entity, source: 'trading', baseVersion: 1, changedAt: '2026-03-01T08:01:00Z', fields: { hub: 'HB_WEST' } }, trading),
      other.recordExternalChange({ ...entity, source: 'kb', baseVersion: 1, changedAt: '2026-03-01T08:01:00Z', fields: { hub: 'HB_SOUTH' } }, kb),
    ]);
    assert.deepEqual(results.map((r) => r.conflictId === null).sort(), [false, true]);
    const events = await store.readStream(results[0]!.streamId);
    assert.deepEqual(events.map((e) => e.type), ['SyncRecordChanged', 'SyncRecordChanged', 'SyncConflictDetected']);
  });

  it('last-write-wins by changed-at: a late-arriving older change loses, the audit says who won', async () => {
    const entity = { entityType: 'price_curve', entityId: `curve-${randomUUID()}` };
    await sync.recordExternalChange({ ...entity, source: 'kb', baseVersion: 0, changedAt: '2026-03-01T09:00:00Z', fields: { p50: 41.5 } }, kb);
    await sync.recordExternalChange({ ...entity, source: 'kb', baseVersion: 1, changedAt: '2026-03-01T09:10:00Z', fields: { p50: 43 } }, kb);
    const late = await sync.recordExternalChange({ ...entity, source: 'trading', baseVersion: 1, changedAt: '2026-03-01T09:05:00Z', fields: { p50: 39.25 } }, trading);
    await settled(late.position);
    assert.deepEqual((await getSyncRecord(db, { tenant: 'acme', ...entity }))?.fields, { p50: 43 });
    const conflict = await getSyncConflict(db, { tenant: 'acme', id: late.conflictId! });
    assert.deepEqual([conflict?.resolution, conflict?.winner, conflict?.incoming.fields, conflict?.current.fields], ['CURRENT', 'kb', { p50: 39.25 }, { p50: 43 }]);
  });

  it('manual: the conflict stays open until a person resolves it; the audit trail shows every step with its actor', async () => {
    const entity = { entityType: 'contract', entityId: `k-${randomUUID()}` };
    await sync.recordExternalChange({ ...entity, source: 'trading', baseVersion: 0, changedAt: '2026-03-01T08:00:00Z', fields: { volumeMwh: 100, hub: 'HB_NORTH' } }, trading);
    await sync.recordExternalChange({ ...entity, source: 'trading', baseVersion: 1, changedAt: '2026-03-01T08:10:00Z', fields: { volumeMwh: 120 } }, trading);
    const stale = await sync.recordExternalChange({ ...entity, source: 'kb', baseVersion: 1, changedAt: '2026-03-01T08:20:00Z', fields: { volumeMwh: 110 } }, kb);
    const again = await sync.recordExternalChange({ ...entity, source: 'kb', baseVersion: 1, changedAt: '2026-03-01T08:20:00Z', fields: { volumeMwh: 110 } }, kb);
    assert.equal(again.appended, false, 'the same report again changes nothing');
    await settled(stale.position);
    const open = await listSyncConflicts(db, { tenant: 'acme', status: 'OPEN' });
    assert.ok(open.some((c) => c.id === stale.conflictId && c.strategy === 'MANUAL'));
    await assert.rejects(sync.resolveSyncConflict({ conflictId: stale.conflictId, resolution: 'INCOMING' }, kb), { code: 'FORBIDDEN' });
    await assert.rejects(sync.resolveSyncConflict({ conflictId: stale.conflictId, resolution: 'INCOMING' }, as('ops-lead', ['energy.analyst'], 'globex')), { code: 'SYNC_CONFLICT_NOT_FOUND' });
    const resolved = await sync.resolveSyncConflict({ conflictId: stale.conflictId, resolution: 'MERGED', fields: { volumeMwh: 115 }, note: 'split the difference' }, lead);
    await settled(resolved.position);
    assert.deepEqual((await getSyncRecord(db, { tenant: 'acme', ...entity }))?.fields, { volumeMwh: 115, hub: 'HB_NORTH' });
    const trail = await syncAuditTrail(db, { tenant: 'acme', ...entity });
    assert.deepEqual(trail.map((e) => `${e.eventType} by ${e.actor}`), [
      'SyncRecordChanged by svc-trading',
      'SyncRecordChanged by svc-trading',
      'SyncConflictDetected by svc-kb',
      'SyncConflictResolved by ops-lead',
      'SyncRecordChanged by ops-lead',
    ]);
    assert.equal(trail[3]!.detail['note'], 'split the difference');
    assert.deepEqual((await syncAuditTrail(db, { tenant: 'acme', conflictId: stale.conflictId })).map((e) => e.eventType), ['SyncConflictDetected', 'SyncConflictResolved', 'SyncRecordChanged']);
    await assert.rejects(sync.resolveSyncConflict({ conflictId: stale.conflictId, resolution: 'CURRENT' }, lead), { code: 'SYNC_CONFLICT_ALREADY_RESOLVED' });
  });

  it('rejects input without fields or with a bad time', async () => {
    await assert.rejects(sync.recordExternalChange({ entityType: 'contract', entityId: 'x', source: 'kb', baseVersion: 0, changedAt: '2026-03-01T08:20:00Z', fields: {} }, kb), { code: 'BAD_USER_INPUT' });
    await assert.rejects(sync.recordExternalChange({ entityType: 'contract', entityId: 'x', source: 'kb', baseVersion: 0, changedAt: 'yesterday', fields: { a: 1 } }, kb), { code: 'BAD_USER_INPUT' });
  });
});
