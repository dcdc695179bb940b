import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertDecider } from '../../../domain/alerts/alertDecider.js';
import type { AlertCommand } from '../../../domain/alerts/commands.js';
import type { AlertEvent } from '../../../domain/alerts/events.js';
import { fold } from '../../../domain/shared/decider.js';
import { DomainError } from '../../../domain/shared/domainError.js';

const metadata = { now: '2026-01-05T09:00:00.000Z', actor: 'ops@acme', streamKey: 'abc' };
const raise = (details = ''): AlertCommand => ({ type: 'RaiseAlert', data: { severity: 'high', source: 'pjm-feed', subject: 'Feed stale', dedupeKey: 'pjm-stale', details }, metadata });
const raised = (n = 1): AlertEvent => ({
  type: 'AlertRaised',
  data: { alertId: `abc.${n}`, dedupeKey: 'pjm-stale', severity: 'high', source: 'pjm-feed', subject: 'Feed stale', details: '', raisedAt: metadata.now },
});
const ack = (alertId = 'abc.1'): AlertCommand => ({ type: 'AcknowledgeAlert', data: { alertId, note: null }, metadata });
const resolve = (alertId = 'abc.1'): AlertCommand => ({ type: 'ResolveAlert', data: { alertId, resolution: 'fixed' }, metadata });
const escalate = (level: number, alertId = 'abc.1'): AlertCommand => ({ type: 'EscalateAlert', data: { alertId, level }, metadata });
const acknowledged: AlertEvent = { type: 'AlertAcknowledged', data: { alertId: 'abc.1', acknowledgedBy: 'ops@acme', note: null, acknowledgedAt: metadata.now } };
const resolved: AlertEvent = { type: 'AlertResolved', data: { alertId: 'abc.1', resolvedBy: 'ops@acme', resolution: 'fixed', resolvedAt: metadata.now } };

const given = (...events: AlertEvent[]) => ({ when: (command: AlertCommand) => alertDecider.decide(command, fold(alertDecider, events)) });
const throwsCode = (fn: () => unknown, code: string) => assert.throws(fn, (error: unknown) => error instanceof DomainError && error.code === code);

describe('alerts (given events, when command, then events)', () => {
  it('a first raise opens alert <key>.1', () => {
    assert.deepEqual(given().when(raise()), [raised(1)]);
  });

  it('a raise with the dedupe key of an open or acknowledged alert counts an occurrence', () => {
    assert.deepEqual(given(raised()).when(raise('again')), [{ type: 'AlertOccurred', data: { alertId: 'abc.1', occurrences: 2, details: 'again', occurredAt: metadata.now } }]);
    const twice: AlertEvent = { type: 'AlertOccurred', data: { alertId: 'abc.1', occurrences: 2, details: '', occurredAt: metadata.now } };
    assert.equal(given(raised(), twice, acknowledged).when(raise())[0]?.data['occurrences' as never], 3);
  });

  it('after a resolve the same key opens a new alert', () => {
    assert.deepEqual(given(raised(), resolved).when(raise()), [raised(2)]);
  });

  it('acknowledge once; again changes nothing; a resolved alert cannot be acknowledged', () => {
    assert.deepEqual(given(raised()).when(ack()), [acknowledged]);
    assert.deepEqual(given(raised(), acknowledged).when(ack()), []);
    throwsCode(() => given(raised(), resolved).when(ack()), 'ALERT_RESOLVED');
    throwsCode(() => given(raised(), resolved, raised(2)).when(ack('abc.1')), 'ALERT_RESOLVED');
    throwsCode(() => given(raised()).when(ack('abc.7')), 'ALERT_NOT_FOUND');
    throwsCode(() => given().when(ack()), 'ALERT_NOT_FOUND');
  });

  it('resolve is idempotent, also for an earlier alert of the key', () => {
    assert.deepEqual(given(raised()).when(resolve()), [resolved]);
    assert.deepEqual(given(raised(), resolved).when(resolve()), []);
    assert.deepEqual(given(raised(), resolved, raised(2)).when(resolve('abc.1')), []);
  });

  it('escalates an open alert a level up; not an acknowledged one, nor to a level it has reached', () => {
    assert.deepEqual(given(raised()).when(escalate(1)), [{ type: 'AlertEscalated', data: { alertId: 'abc.1', level: 1, escalatedAt: metadata.now } }]);
    const escalated: AlertEvent = { type: 'AlertEscalated', data: { alertId: 'abc.1', level: 1, escalatedAt: metadata.now } };
    assert.deepEqual(given(raised(), escalated).when(escalate(1)), []);
    assert.deepEqual(given(raised(), acknowledged).when(escalate(1)), []);
    assert.deepEqual(given(raised(), resolved).when(escalate(1)), []);
  });
});
