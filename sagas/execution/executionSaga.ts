import { tradePlaced } from '../../domain/trading/events.js';
import { workId, type SagaDefinition, type SagaInput, type SagaReaction, type SagaSummary } from '../saga.js';
import { defaultExecutionPolicy, type ExecutionPolicy } from './executionPolicy.js';
import { pendingSteps, type ActiveExecution, type ExecutionFailure, type ExecutionState, type ExecutionStep, type StepState } from './executionState.js';

export const EXECUTION = 'execution';

type Reaction = SagaReaction<ExecutionState>;
type Outcome = Extract<SagaInput, { kind: 'actionSucceeded' | 'actionFailed' }>;

const plus = (iso: string, ms: number): string => new Date(new Date(iso).getTime() + ms).toISOString();
const step = (state: ActiveExecution, name: ExecutionStep, status: StepState['status'], detail: string | null = null): ActiveExecution => ({ ...state, steps: { ...state.steps, [name]: { status, detail } } });
const failureText = (input: Extract<SagaInput, { kind: 'actionFailed' }>): string => `${input.error.code}: ${input.error.message}`;

/**
 * Trade execution: after TradePlaced, check the account's position limit, submit the order to the venue,
 * poll it for fills (each recorded with RecordFill under the venue's fill id), and cancel at the venue and
 * in Ledgerline when no fill came for `timeoutMs` (since placing or since the last fill), when the venue
 * rejects, or when the trader cancels. Time comes from the inputs (the runtime's clock), never from here.
 */
export const createExecutionSaga = (policy: ExecutionPolicy = defaultExecutionPolicy): SagaDefinition<ExecutionState> => {
  /** Ends the order: cancel at the venue (when it may have it) and the trade; `failure` says why (null: the trader cancelled). */
  const cancel = (state: ActiveExecution, failure: ExecutionFailure | null, reason: string): Reaction => {
    const stepped = failure === null ? state : step(state, failure.step, 'failed', `${failure.code}: ${failure.message}`);
    const atVenue = stepped.steps.submit.status !== 'pending';
    return {
      state: { ...step(stepped, 'cancel', 'running'), status: 'cancelling', failure },
      actions: [{ key: 'cancel', name: 'execution.cancel', input: { tradeId: state.order.tradeId, clientOrderId: atVenue ? state.order.clientOrderId : null, reason } }],
      cancelTimers: [`timeout:${state.timeout}`, `poll:${state.poll + 1}`],
    };
  };

  const onPlaced = (state: ExecutionState, input: Extract<SagaInput, { kind: 'event' }>): Reaction | null => {
    if (state.status !== 'idle') return null;
    const { tradeId, accountId, instrument, side, quantityMwh, limitPrice, placedAt } = tradePlaced.parse(input.data);
    const order = { tradeId, accountId, instrument, side, quantityMwh, limitPrice, clientOrderId: workId(EXECUTION, tradeId, 'submit') }; // the saga's id is the trade id
    return {
      state: { status: 'checking', order, venueOrderId: null, filledMwh: 0, poll: 0, timeout: 0, steps: pendingSteps(), failure: null },
      actions: [{ key: 'checkRisk', name: 'execution.checkRisk', input: { tradeId, accountId, instrument, side, quantityMwh } }],
      timers: [{ key: 'timeout:0', name: 'timeout', dueAt: plus(placedAt, policy.timeoutMs) }],
    };
  };

  const onRisk = (state: ActiveExecution, input: Outcome): Reaction => {
    if (input.kind === 'actionFailed') return cancel(state, { step: 'checkRisk', code: input.error.code, message: input.error.message }, `risk check failed: ${failureText(input)}`);
    if (input.result['allowed'] !== true) {
      const message = String(input.result['reason'] ?? 'the account position limit');
      return cancel(state, { step: 'checkRisk', code: 'RISK_MAX_POSITION_EXCEEDED', message }, `RISK_MAX_POSITION_EXCEEDED: ${message}`);
    }
    const { tradeId, accountId, instrument, side, quantityMwh, limitPrice, clientOrderId } = state.order;
    return {
      state: step(step({ ...state, status: 'submitting' }, 'checkRisk', 'done'), 'submit', 'running'),
      actions: [{ key: 'submit', name: 'execution.submit', input: { clientOrderId, tradeId, accountId, instrument, side, quantityMwh, limitPrice } }],
    };
  };

  const onSubmitted = (state: ActiveExecution, input: Outcome): Reaction | null => {
    if (state.status !== 'submitting') return null; // timed out or cancelled meanwhile: the cancel covers the order
    if (input.kind === 'actionFailed') return cancel(state, { step: 'submit', code: input.error.code, message: input.error.message }, `venue unavailable: ${failureText(input)}`);
    if (input.result['status'] !== 'accepted') {
      const message = String(input.result['reason'] ?? 'rejected');
      return cancel(state, { step: 'submit', code: 'VENUE_REJECTED', message }, `VENUE_REJECTED: ${message}`);
    }
    const venueOrderId = String(input.result['venueOrderId']);
    return {
      state: step(step({ ...state, status: 'working', venueOrderId, poll: 1 }, 'submit', 'done', venueOrderId), 'fill', 'running'),
      timers: [{ key: 'poll:1', name: 'poll', dueAt: plus(input.at, policy.pollMs) }],
    };
  };

  const onPolled = (state: ActiveExecution, input: Outcome): Reaction | null => {
    if (state.status !== 'working' || input.key !== `poll:${state.poll}`) return null;
    const next: Reaction['timers'] = [{ key: `poll:${state.poll + 1}`, name: 'poll', dueAt: plus(input.at, policy.pollMs) }];
    if (input.kind === 'actionFailed') return { state: { ...state, poll: state.poll + 1 }, timers: next };
    const filledMwh = Number(input.result['filledMwh'] ?? state.filledMwh);
    const venueStatus = String(input.result['status']);
    const detail = `${filledMwh} of ${state.order.quantityMwh} MWh`;
    if (venueStatus === 'filled' || filledMwh >= state.order.quantityMwh) {
      return { state: { ...step({ ...state, filledMwh }, 'fill', 'done', detail), status: 'completed' }, cancelTimers: [`timeout:${state.timeout}`] };
    }
    const progressed: ActiveExecution = step({ ...state, filledMwh, poll: state.poll + 1 }, 'fill', 'running', detail);
    if (venueStatus === 'cancelled' || venueStatus === 'rejected' || venueStatus === 'unknown') {
      return cancel(progressed, { step: 'fill', code: 'VENUE_CANCELLED', message: `the venue reports the order ${venueStatus}` }, `the venue reports the order ${venueStatus}`);
    }
    if (filledMwh <= state.filledMwh) return { state: progressed, timers: next };
    // A fill: the wait for the next one starts again.
    const timeout = state.timeout + 1;
    return {
      state: { ...progressed, timeout },
      timers: [...next, { key: `timeout:${timeout}`, name: 'timeout', dueAt: plus(input.at, policy.timeoutMs) }],
      cancelTimers: [`timeout:${state.timeout}`],
    };
  };

  const onCancelled = (state: ActiveExecution, input: Outcome): Reaction => {
    if (input.kind === 'actionFailed') return { state: { ...step(state, 'cancel', 'failed', failureText(input)), status: 'failed', failure: state.failure ?? { step: 'cancel', code: input.error.code, message: input.error.message } } };
    const filledMwh = Number(input.result['filledMwh'] ?? state.filledMwh);
    const detail = input.result['tradeCancelled'] === true ? `cancelled with ${filledMwh} of ${state.order.quantityMwh} MWh filled` : `filled before the cancel reached it`;
    const ended = step({ ...state, filledMwh }, 'cancel', 'done', detail);
    return { state: { ...ended, status: state.failure === null ? 'completed' : 'failed' } };
  };

  const onTimer = (state: ExecutionState, input: Extract<SagaInput, { kind: 'timer' }>): Reaction | null => {
    if (state.status === 'idle') return null;
    if (input.key === `poll:${state.poll}` && state.status === 'working') {
      return { state, actions: [{ key: `poll:${state.poll}`, name: 'execution.poll', input: { tradeId: state.order.tradeId, clientOrderId: state.order.clientOrderId } }] };
    }
    const active = state.status === 'checking' || state.status === 'submitting' || state.status === 'working';
    if (input.key !== `timeout:${state.timeout}` || !active) return null;
    const message = `no fill within ${policy.timeoutMs / 1000} s`;
    const failed = state.status === 'working' ? 'fill' : state.status === 'submitting' ? 'submit' : 'checkRisk';
    return cancel(state, { step: failed, code: 'VENUE_TIMEOUT', message }, `VENUE_TIMEOUT: ${message}`);
  };

  const react = (state: ExecutionState, input: SagaInput): Reaction | null => {
    if (input.kind === 'event') {
      if (input.type === 'TradePlaced') return onPlaced(state, input);
      // TradeCancelled: the trader (or this saga) cancelled; an order still at the venue is cancelled there too.
      const live = state.status === 'checking' || state.status === 'submitting' || state.status === 'working';
      return live ? cancel({ ...state, steps: { ...state.steps, fill: { status: 'skipped', detail: 'the trade was cancelled' } } }, null, 'cancelled by the trader') : null;
    }
    if (input.kind === 'timer') return onTimer(state, input);
    if (state.status === 'idle') return null;
    if (input.key === 'checkRisk') return state.status === 'checking' ? onRisk(state, input) : null;
    if (input.key === 'submit') return onSubmitted(state, input);
    if (input.key.startsWith('poll:')) return onPolled(state, input);
    if (input.key === 'cancel') return onCancelled(state, input);
    return null;
  };

  const describe = (state: ExecutionState): SagaSummary => {
    if (state.status === 'idle') return { status: 'running', steps: [], failure: null };
    const status = state.status === 'completed' ? 'completed' : state.status === 'failed' ? 'failed' : 'running';
    const steps = (Object.entries(state.steps) as [ExecutionStep, StepState][]).filter(([name, s]) => name !== 'cancel' || s.status !== 'skipped').map(([name, s]) => ({ name, ...s }));
    return { status, steps, failure: state.failure };
  };

  return {
    name: EXECUTION,
    eventTypes: ['TradePlaced', 'TradeCancelled'],
    sagaIdOf: (event) => (typeof event.data['tradeId'] === 'string' ? event.data['tradeId'] : null),
    initialState: () => ({ status: 'idle' }),
    react,
    describe,
  };
};
