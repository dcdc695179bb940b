import type { RecordedEvent } from '../commands/eventStore.js';

/**
 * A saga (process manager) is a decider over what happens to it: `react(state, input)` returns the new
 * state, the actions to run (commands and side effects) and the timers to set. It is pure: time, ids and
 * the outcomes of side effects arrive in the input, so a replay of its stream never acts again.
 */
export type JsonObject = Readonly<Record<string, unknown>>;

/** Something a saga learns: an event of the log, a timer that fired, or how one of its actions ended. */
export type SagaInput =
  | Readonly<{ kind: 'event'; id: string; type: string; data: JsonObject; at: string }>
  | Readonly<{ kind: 'timer'; id: string; key: string; name: string; at: string }>
  | Readonly<{ kind: 'actionSucceeded'; id: string; key: string; name: string; result: JsonObject; at: string }>
  | Readonly<{ kind: 'actionFailed'; id: string; key: string; name: string; error: SagaFailure; attempts: number; at: string }>;

/** Why something failed for good, with a stable code. */
export type SagaFailure = Readonly<{ code: string; message: string }>;

/**
 * An action: `name` picks its handler, `key` is unique within the saga and becomes part of the action's
 * deterministic id (`<saga stream>/<key>`), which handlers pass on as an idempotency key.
 */
export type SagaAction = Readonly<{ key: string; name: string; input: JsonObject }>;

/** A durable timer: fires once, at or after `dueAt` (ISO 8601), as a `timer` input with this key. */
export type SagaTimer = Readonly<{ key: string; name: string; dueAt: string }>;

export type SagaReaction<State> = Readonly<{
  state: State;
  actions?: readonly SagaAction[];
  timers?: readonly SagaTimer[];
  /** Keys of timers set earlier that must not fire any more. */
  cancelTimers?: readonly string[];
}>;

export type SagaStatus = 'running' | 'compensating' | 'completed' | 'failed';

export type SagaStepStatus = 'pending' | 'running' | 'done' | 'failed' | 'compensating' | 'compensated' | 'compensationFailed' | 'skipped';

/** What the read model and GraphQL show of a saga: its status and each step's. */
export type SagaSummary = Readonly<{
  status: SagaStatus;
  steps: readonly Readonly<{ name: string; status: SagaStepStatus; detail: string | null }>[];
  failure: Readonly<{ step: string; code: string; message: string }> | null;
}>;

export type SagaDefinition<State> = Readonly<{
  name: string;
  /** The event types of the log this saga reacts to. */
  eventTypes: readonly string[];
  /** The saga instance an event belongs to (its id, unique within this saga's name), or null. */
  sagaIdOf: (event: RecordedEvent) => string | null;
  initialState: () => State;
  /** null: the input changes nothing (nothing is recorded). */
  react: (state: State, input: SagaInput) => SagaReaction<State> | null;
  describe: (state: State) => SagaSummary;
}>;

/** Any saga, as the runtime holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySagaDefinition = SagaDefinition<any>;

/** `saga-onboarding-<userId>`: one stream per saga instance. */
export const sagaStreamId = (name: string, sagaId: string): string => `saga-${name}-${sagaId}`;

/** The public id of a saga instance (`onboarding-<userId>`): its stream id without the category. */
export const sagaInstanceId = (name: string, sagaId: string): string => `${name}-${sagaId}`;

/** The deterministic id of an action (`…/<key>`) or a timer (`…/timer:<key>`): the saga's stream and the key the saga gave it. */
export const workId = (name: string, sagaId: string, key: string): string => `${sagaStreamId(name, sagaId)}/${key}`;
