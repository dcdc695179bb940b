import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fold } from '../../../domain/shared/decider.js';
import type { SyncCommand } from '../../../domain/sync/commands.js';
import type { SyncEvent, SyncStrategy } from '../../../domain/sync/events.js';
import { syncDecider } from '../../../domain/sync/syncDecider.js';

const KEY = '0123456789abcdef0123456789abcdef';
const meta = (strategy: SyncStrategy = 'MANUAL', actor = 'integration') => ({ now: '2026-03-01T12:00:00.000Z', actor, streamKey: KEY, strategy });
const f = (fields: Record<string, unknown>) => Object.keys(fields).sort().map((name) => ({ name, value: JSON.stringify(fields[name]) }));

const change = (source: string, baseVersion: number, changedAt: string, fields: Record<string, unknown>, strategy?: SyncStrategy): SyncCommand => ({
  type: 'RecordExternalChange',
  data: { entityType: 'counterparty', entityId: 'cp-7', source, baseVersion, changedAt, fields: f(fields), changeId: `${source}@${baseVersion}@${changedAt}` },
  metadata: meta(strategy),
});

/** given the events of these commands, when `command`, then: the events it decides. */
const given = (...commands: SyncCommand[]) => {
  const history: SyncEvent[] = [];
  for (const command of commands) history.push(...syncDecider.decide(command, fold(syncDecider, history)));
  return { when: (command: SyncCommand) => syncDecider.decide(command, fold(syncDecider, history)), history };
};

// version 1 from the trading platform, then version 2 from the knowledge base (based on 1)
const baseline = [
  change('trading', 0, '2026-03-01T10:00:00Z', { name: 'Acme Power', rating: 'A', country: 'US' }),
  change('kb', 1, '2026-03-01T10:05:00Z', { rating: 'AA' }),
];

describe('data-sync conflicts (decider)', () => {
  it('a change based on the current version applies as the next version', () => {
    const events = given(...baseline).when(change('trading', 2, '2026-03-01T10:10:00Z', { country: 'CA' }));
    assert.deepEqual(events.map((e) => e.type), ['SyncRecordChanged']);
    assert.equal(events[0]!.data['version' as never], 3);
  });

  it('the same change reported twice is applied once', () => {
    const { when, history } = given(...baseline);
    assert.equal(history.length, 2);
    assert.deepEqual(when(baseline[1]!), []);
  });

  it('last-write-wins: the later change wins the conflict and is applied', () => {
    const events = given(...baseline).when(change('trading', 1, '2026-03-01T10:06:00Z', { rating: 'BBB' }, 'LAST_WRITE_WINS'));
    assert.deepEqual(events.map((e) => e.type), ['SyncConflictDetected', 'SyncConflictResolved', 'SyncRecordChanged']);
    const [detected, resolved, changed] = events as [any, any, any];
    assert.deepEqual(detected.data.current, { source: 'kb', changedAt: '2026-03-01T10:05:00Z', fields: f({ rating: 'AA' }) });
    assert.deepEqual(detected.data.conflictingFields, ['rating']);
    assert.equal(detected.data.conflictId, `${KEY}.1`);
    assert.deepEqual({ resolution: resolved.data.resolution, winner: resolved.data.winner, by: resolved.data.resolvedBy }, { resolution: 'INCOMING', winner: 'trading', by: 'system:last-write-wins' });
    assert.deepEqual([changed.data.version, changed.data.conflictId, changed.data.fields], [3, `${KEY}.1`, f({ rating: 'BBB' })]);
  });

  it('last-write-wins: an older change loses and the record keeps its values', () => {
    const events = given(...baseline).when(change('trading', 1, '2026-03-01T10:04:59Z', { rating: 'BBB' }, 'LAST_WRITE_WINS'));
    assert.deepEqual(events.map((e) => e.type), ['SyncConflictDetected', 'SyncConflictResolved']);
    assert.deepEqual([events[1]!.data['resolution' as never], events[1]!.data['winner' as never], events[1]!.data['result' as never]], ['CURRENT', 'kb', []]);
  });

  it('last-write-wins: a tie on changed-at goes to the source whose name sorts first, whichever arrives first', () => {
    const at = '2026-03-01T10:05:00Z';
    const kbFirst = given(...baseline).when(change('trading', 1, at, { rating: 'BBB' }, 'LAST_WRITE_WINS'));
    assert.equal(kbFirst[1]!.data['winner' as never], 'kb', '"kb" sorts before "trading"');
    const tradingFirst = given(baseline[0]!, change('trading', 1, at, { rating: 'BBB' })).when(change('kb', 1, at, { rating: 'AA' }, 'LAST_WRITE_WINS'));
    assert.deepEqual([tradingFirst[1]!.data['winner' as never], tradingFirst.at(-1)!.type], ['kb', 'SyncRecordChanged']);
  });

  it('field merge: changes to different fields merge without a person', () => {
    const events = given(...baseline).when(change('trading', 1, '2026-03-01T10:06:00Z', { country: 'CA' }, 'FIELD_MERGE'));
    assert.deepEqual(events.map((e) => e.type), ['SyncConflictDetected', 'SyncConflictResolved', 'SyncRecordChanged']);
    assert.deepEqual([events[0]!.data['conflictingFields' as never], events[1]!.data['resolution' as never], events[1]!.data['resolvedBy' as never]], [[], 'MERGED', 'system:field-merge']);
  });

  it('field merge: the same field changed on both sides stays open for a person', () => {
    const events = given(...baseline).when(change('trading', 1, '2026-03-01T10:06:00Z', { rating: 'BBB', country: 'CA' }, 'FIELD_MERGE'));
    assert.deepEqual(events.map((e) => e.type), ['SyncConflictDetected']);
    assert.deepEqual(events[0]!.data['conflictingFields' as never], ['rating']);
  });

  it('manual: every conflict waits for a person, who resolves it once', () => {
    const conflicted = [...baseline, change('trading', 1, '2026-03-01T10:06:00Z', { rating: 'BBB' }, 'MANUAL')];
    assert.deepEqual(given(...baseline).when(conflicted[2]!).map((e) => e.type), ['SyncConflictDetected']);
    const resolve = (resolution: 'INCOMING' | 'CURRENT' | 'MERGED', fields: Record<string, unknown> = {}): SyncCommand => ({
      type: 'ResolveSyncConflict',
      data: { conflictId: `${KEY}.1`, resolution, fields: f(fields), note: 'checked with credit' },
      metadata: meta('MANUAL', 'ops-lead'),
    });
    const merged = given(...conflicted).when(resolve('MERGED', { rating: 'A+' }));
    assert.deepEqual(merged.map((e) => e.type), ['SyncConflictResolved', 'SyncRecordChanged']);
    assert.deepEqual([merged[0]!.data['resolvedBy' as never], merged[1]!.data['version' as never], merged[1]!.data['source' as never]], ['ops-lead', 3, 'resolver:ops-lead']);
    const kept = given(...conflicted).when(resolve('CURRENT'));
    assert.deepEqual(kept.map((e) => e.type), ['SyncConflictResolved']);
    assert.throws(() => given(...conflicted, resolve('CURRENT')).when(resolve('INCOMING')), { code: 'SYNC_CONFLICT_ALREADY_RESOLVED' });
    assert.throws(() => given(...conflicted).when(resolve('MERGED')), { code: 'SYNC_MERGE_NEEDS_FIELDS' });
    assert.throws(() => given(...baseline).when(resolve('CURRENT')), { code: 'SYNC_CONFLICT_NOT_FOUND' });
  });

  it('a change based on a version the record never had is refused', () => {
    assert.throws(() => given(...baseline).when(change('kb', 5, '2026-03-01T11:00:00Z', { rating: 'C' })), { code: 'SYNC_VERSION_AHEAD' });
  });
});
