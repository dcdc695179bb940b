import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createExecutionSaga } from '../../../sagas/execution/executionSaga.js';
import type { ExecutionState } from '../../../sagas/execution/executionState.js';
import type { SagaInput, SagaReaction } from '../../../sagas/saga.js';

const saga = createExecutionSaga({ timeoutMs: 30_000, pollMs: 1000 });
const placed: SagaInput = {
  kind: 'event', id: 'event:1', type: 'TradePlaced', at: '2026-02-02T10:00:00.000Z',
  data: { tradeId: 't-1', accountId: 'a', instrument: 'ERCOT.HB_NORTH.DA', side: 'BUY', quantityMwh: 10, limitPrice: 50, placedAt: '2026-02-02T10:00:00.000Z' },
};
const ok = (key: string, result: Record<string, unknown>, at = '2026-02-02T10:00:01.000Z'): SagaInput => ({ kind: 'actionSucceeded', id: `${key}:ok`, key, name: key, result, at });
const timer = (key: string, at: string): SagaInput => ({ kind: 'timer', id: `${key}:fired`, key, name: key, at });

/** given inputs, then the reaction to the last one. */
const given = (...inputs: SagaInput[]): SagaReaction<ExecutionState> | null => {
  let state = saga.initialState();
  let reaction: SagaReaction<ExecutionState> | null = null;
  for (const input of inputs) {
    reaction = saga.react(state, input);
    if (reaction) state = reaction.state;
  }
  return reaction;
};
const names = (r: SagaReaction<ExecutionState> | null) => ({ actions: (r?.actions ?? []).map((a) => a.key), timers: (r?.timers ?? []).map((t) => `${t.key}@${t.dueAt.slice(11, 19)}`), cancel: r?.cancelTimers ?? [] });

describe('execution saga (specification)', () => {
  it('TradePlaced: checks risk first and sets the timeout from the placing time', () => {
    assert.deepEqual(names(given(placed)), { actions: ['checkRisk'], timers: ['timeout:0@10:00:30'], cancel: [] });
  });

  it('risk allowed: submits with a deterministic client order id; accepted: polls', () => {
    const submitted = given(placed, ok('checkRisk', { allowed: true }));
    assert.deepEqual(submitted?.actions?.[0]?.input['clientOrderId'], 'saga-execution-t-1/submit');
    assert.deepEqual(names(given(placed, ok('checkRisk', { allowed: true }), ok('submit', { status: 'accepted', venueOrderId: 'V1' }))), { actions: [], timers: ['poll:1@10:00:02'], cancel: [] });
  });

  it('a fill restarts the timeout; a full fill ends it', () => {
    const base = [placed, ok('checkRisk', { allowed: true }), ok('submit', { status: 'accepted', venueOrderId: 'V1' }), timer('poll:1', '2026-02-02T10:00:02.000Z')];
    assert.deepEqual(names(given(...base)).actions, ['poll:1']);
    assert.deepEqual(names(given(...base, ok('poll:1', { status: 'open', filledMwh: 4 }, '2026-02-02T10:00:02.000Z'))), { actions: [], timers: ['poll:2@10:00:03', 'timeout:1@10:00:32'], cancel: ['timeout:0'] });
    const done = given(...base, ok('poll:1', { status: 'filled', filledMwh: 10 }));
    assert.deepEqual([done?.state.status, done?.cancelTimers], ['completed', ['timeout:0']]);
  });

  it('the timeout cancels; the trader’s cancel cancels at the venue too; a late timer does nothing', () => {
    const base = [placed, ok('checkRisk', { allowed: true }), ok('submit', { status: 'accepted', venueOrderId: 'V1' })];
    const timedOut = given(...base, timer('timeout:0', '2026-02-02T10:00:30.000Z'));
    assert.deepEqual([timedOut?.actions?.[0]?.name, timedOut?.actions?.[0]?.input['clientOrderId'], timedOut?.state.status], ['execution.cancel', 'saga-execution-t-1/submit', 'cancelling']);
    const byTrader = given(...base, { kind: 'event', id: 'event:2', type: 'TradeCancelled', at: '2026-02-02T10:00:05.000Z', data: { tradeId: 't-1', reason: null, cancelledAt: '2026-02-02T10:00:05.000Z' } });
    assert.equal(byTrader?.actions?.[0]?.name, 'execution.cancel');
    assert.equal(given(...base, timer('timeout:0', '2026-02-02T10:00:30.000Z'), ok('cancel', { tradeCancelled: true, filledMwh: 0 }), timer('poll:1', '2026-02-02T10:00:31.000Z')), null);
  });

  it('risk refused: cancels without a venue order id', () => {
    const refused = given(placed, ok('checkRisk', { allowed: false, reason: 'too big' }));
    assert.deepEqual(refused?.actions?.[0]?.input, { tradeId: 't-1', clientOrderId: null, reason: 'RISK_MAX_POSITION_EXCEEDED: too big' });
  });
});
