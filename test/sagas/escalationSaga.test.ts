import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEscalationSaga, type EscalationState } from '../../sagas/escalation.js';
import type { SagaInput, SagaReaction } from '../../sagas/saga.js';

const saga = createEscalationSaga({ windowMs: { critical: 60_000, high: 120_000, medium: 0, low: 0 }, maxLevel: 2 });
const raisedAt = '2026-01-05T09:00:00.000Z';
const raised: SagaInput = {
  kind: 'event', id: 'event:1', type: 'AlertRaised', at: raisedAt,
  data: { alertId: 'k.1', dedupeKey: 'd', severity: 'critical', source: 's', subject: 'Feed stale', details: '', raisedAt },
};
const fired = (level: number, at: string): SagaInput => ({ kind: 'timer', id: `t${level}`, key: `escalate:${level}`, name: 'escalate', at });
const done = (key: string, result: Record<string, unknown> = {}): SagaInput => ({ kind: 'actionSucceeded', id: `${key}:ok`, key, name: key, result, at: raisedAt });
const acknowledged: SagaInput = { kind: 'event', id: 'event:2', type: 'AlertAcknowledged', at: raisedAt, data: { alertId: 'k.1' } };

const run = (...inputs: SagaInput[]) => {
  let state = saga.initialState();
  const reactions: (SagaReaction<EscalationState> | null)[] = [];
  for (const input of inputs) {
    const reaction = saga.react(state, input);
    reactions.push(reaction);
    if (reaction) state = reaction.state;
  }
  return { state, reactions };
};

describe('escalation saga (specification)', () => {
  it('AlertRaised sets a timer at raisedAt + the severity window', () => {
    const { reactions } = run(raised);
    assert.deepEqual(reactions[0]?.timers, [{ key: 'escalate:1', name: 'escalate', dueAt: '2026-01-05T09:01:00.000Z' }]);
    assert.deepEqual(reactions[0]?.actions, undefined);
  });

  it('the timer escalates a level, sets the next one a window after the last due time, and notifies once escalated', () => {
    const { reactions } = run(raised, fired(1, '2026-01-05T09:01:07.000Z'), done('escalate:1', { appended: true }));
    assert.deepEqual(reactions[1]?.actions?.map((a) => [a.key, a.name, a.input['level']]), [['escalate:1', 'alerts.escalate', 1]]);
    assert.deepEqual(reactions[1]?.timers, [{ key: 'escalate:2', name: 'escalate', dueAt: '2026-01-05T09:02:00.000Z' }]);
    assert.deepEqual(reactions[2]?.actions?.map((a) => [a.key, a.name]), [['notify:1', 'alerts.notify']]);
  });

  it('no notification when the escalation changed nothing (acknowledged first)', () => {
    const { reactions, state } = run(raised, fired(1, raisedAt), done('escalate:1', { appended: false }));
    assert.deepEqual(reactions[2]?.actions, undefined);
    assert.equal(saga.describe(state).steps[0]?.status, 'skipped');
  });

  it('sets no timer past the maximum level', () => {
    const { reactions } = run(raised, fired(1, raisedAt), fired(2, raisedAt));
    assert.deepEqual(reactions[2]?.timers, []);
  });

  it('acknowledgement completes it and cancels the pending timer; a late or foreign timer is ignored', () => {
    const { reactions, state } = run(raised, fired(1, raisedAt), acknowledged, fired(2, raisedAt), fired(5, raisedAt));
    assert.deepEqual(reactions[2]?.cancelTimers, ['escalate:2']);
    assert.equal(reactions[3], null);
    assert.equal(reactions[4], null);
    assert.equal(saga.describe(state).status, 'completed');
  });
});
