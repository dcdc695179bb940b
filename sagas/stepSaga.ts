import type { RecordedEvent } from '../commands/eventStore.js';
import type { JsonObject, SagaAction, SagaDefinition, SagaInput, SagaReaction, SagaStepStatus, SagaSummary } from './saga.js';

/** Why a step failed for good, and after how many tries. */
export type StepFailure = NonNullable<SagaSummary['failure']> & Readonly<{ attempts: number }>;

/** One step of a linear saga: its action and, when it can be undone, its compensation. */
export type SagaStep<Context> = Readonly<{
  name: string;
  action: (context: Context) => Readonly<{ name: string; input: JsonObject }>;
  /** Undoes the step; `failure` says which step failed for good and why. */
  compensation?: (context: Context, failure: StepFailure) => Readonly<{ name: string; input: JsonObject }>;
}>;

type StepState = Readonly<{ name: string; status: SagaStepStatus; detail: string | null }>;

export type StepSagaState<Context> =
  | Readonly<{ status: 'idle' }>
  | Readonly<{
      status: 'running' | 'compensating' | 'completed' | 'failed';
      context: Context;
      /** Each step's outcome, by step name (what its action returned). */
      results: Readonly<Record<string, JsonObject>>;
      steps: readonly StepState[];
      failure: StepFailure | null;
    }>;

type Active<Context> = Exclude<StepSagaState<Context>, { status: 'idle' }>;

const stepKey = (name: string): string => `step:${name}`;
const compensationKey = (name: string): string => `compensate:${name}`;

/**
 * A saga that runs steps one after another. When a step fails for good, the compensations of the steps
 * that completed run one by one, in reverse, and the saga ends `failed`, naming the step and the reason.
 * A compensation that fails for good is marked and the next one still runs.
 */
export const createStepSaga = <Context extends JsonObject>({
  name,
  eventTypes,
  sagaIdOf,
  start,
  steps,
}: {
  name: string;
  eventTypes: readonly string[];
  sagaIdOf: (event: RecordedEvent) => string | null;
  /** The context of a new instance from the event that starts it; null for events that do not start one. */
  start: (input: Extract<SagaInput, { kind: 'event' }>) => Context | null;
  steps: readonly SagaStep<Context>[];
}): SagaDefinition<StepSagaState<Context>> => {
  const actionOf = (state: Active<Context>, index: number): SagaAction => {
    const step = steps[index]!;
    return { key: stepKey(step.name), ...step.action({ ...state.context, ...Object.assign({}, ...Object.values(state.results)) }) };
  };

  const withStep = (state: Active<Context>, index: number, status: SagaStepStatus, detail: string | null = null): Active<Context> => ({
    ...state,
    steps: state.steps.map((step, i) => (i === index ? { ...step, status, detail } : step)),
  });

  /** The next compensation to run (the latest done step that has one), or the saga's end. */
  const compensateNext = (state: Active<Context>): SagaReaction<StepSagaState<Context>> => {
    for (let i = state.steps.length - 1; i >= 0; i--) {
      const compensation = steps[i]!.compensation;
      if (state.steps[i]!.status !== 'done' || compensation === undefined || state.failure === null) continue;
      const next = withStep({ ...state, status: 'compensating' }, i, 'compensating');
      return { state: next, actions: [{ key: compensationKey(steps[i]!.name), ...compensation(state.context, state.failure) }] };
    }
    return { state: { ...state, status: 'failed' } };
  };

  const onEvent = (state: StepSagaState<Context>, input: Extract<SagaInput, { kind: 'event' }>): SagaReaction<StepSagaState<Context>> | null => {
    if (state.status !== 'idle') return null; // started already: the same start event again changes nothing
    const context = start(input);
    if (context === null || steps.length === 0) return null;
    const running: Active<Context> = {
      status: 'running',
      context,
      results: {},
      steps: steps.map((step, i) => ({ name: step.name, status: i === 0 ? 'running' : 'pending', detail: null })),
      failure: null,
    };
    return { state: running, actions: [actionOf(running, 0)] };
  };

  const onOutcome = (state: Active<Context>, input: Extract<SagaInput, { kind: 'actionSucceeded' | 'actionFailed' }>): SagaReaction<StepSagaState<Context>> | null => {
    const index = steps.findIndex((step) => input.key === stepKey(step.name));
    if (index !== -1 && state.status === 'running' && state.steps[index]!.status === 'running') {
      if (input.kind === 'actionFailed') {
        const failed = withStep(state, index, 'failed', `${input.error.code}: ${input.error.message}`);
        const skipped: Active<Context> = { ...failed, steps: failed.steps.map((step) => (step.status === 'pending' ? { ...step, status: 'skipped' } : step)) };
        return compensateNext({ ...skipped, failure: { step: steps[index]!.name, code: input.error.code, message: input.error.message, attempts: input.attempts } });
      }
      const done = { ...withStep(state, index, 'done'), results: { ...state.results, [steps[index]!.name]: input.result } };
      if (index + 1 === steps.length) return { state: { ...done, status: 'completed' } };
      return { state: withStep(done, index + 1, 'running'), actions: [actionOf(done, index + 1)] };
    }
    const compensated = steps.findIndex((step) => input.key === compensationKey(step.name));
    if (compensated !== -1 && state.status === 'compensating' && state.steps[compensated]!.status === 'compensating') {
      const after = input.kind === 'actionSucceeded'
        ? withStep(state, compensated, 'compensated')
        : withStep(state, compensated, 'compensationFailed', `${input.error.code}: ${input.error.message}`);
      return compensateNext(after);
    }
    return null;
  };

  const react = (state: StepSagaState<Context>, input: SagaInput): SagaReaction<StepSagaState<Context>> | null => {
    switch (input.kind) {
      case 'event':
        return onEvent(state, input);
      case 'actionSucceeded':
      case 'actionFailed':
        return state.status === 'idle' ? null : onOutcome(state, input);
      case 'timer':
        return null;
    }
  };

  const describe = (state: StepSagaState<Context>): SagaSummary =>
    state.status === 'idle'
      ? { status: 'running', steps: steps.map((step) => ({ name: step.name, status: 'pending', detail: null })), failure: null }
      : { status: state.status, steps: state.steps, failure: state.failure && { step: state.failure.step, code: state.failure.code, message: state.failure.message } };

  return { name, eventTypes, sagaIdOf, initialState: () => ({ status: 'idle' }), react, describe };
};
