import { ConcurrencyError, EventIdConflictError, type EventStore, type RecordedEvent } from '../commands/eventStore.js';
import { sagaStreamId, workId, type AnySagaDefinition, type SagaInput, type SagaReaction } from './saga.js';
import { SAGA_STEP_RECORDED, sagaStepRecorded, type SagaStepRecorded } from '../domain/sagas/events.js';

/** Who a saga acts for: the tenant and correlation id of the event that started it. */
export type SagaOrigin = Readonly<{ tenant: string; correlationId: string; causationId: string | null; traceparent: string | null }>;

export type LoadedSaga = Readonly<{
  state: unknown;
  version: number;
  origin: SagaOrigin | null;
  /** Each input already handled, with the step it produced. */
  steps: ReadonlyMap<string, SagaStepRecorded>;
}>;

const MAX_CONFLICT_RETRIES = 20;
const SCHEMA_VERSION = 1;

const parseStep = (event: RecordedEvent): SagaStepRecorded => sagaStepRecorded.parse(event.data);

export const loadSaga = async (store: EventStore, definition: AnySagaDefinition, sagaId: string): Promise<LoadedSaga> => {
  const events = await store.readStream(sagaStreamId(definition.name, sagaId));
  const steps = new Map(events.filter((event) => event.type === SAGA_STEP_RECORDED).map((event) => [parseStep(event).input.id, parseStep(event)]));
  const first = events[0];
  const last = events.at(-1);
  return {
    state: last === undefined ? definition.initialState() : JSON.parse(parseStep(last).state),
    version: last?.version ?? 0,
    origin: first === undefined ? null : { tenant: first.metadata.tenant, correlationId: first.metadata.correlationId, causationId: first.eventId, traceparent: first.metadata.traceparent },
    steps,
  };
};

const inputName = (input: SagaInput): string => {
  switch (input.kind) {
    case 'event':
      return input.type;
    case 'timer':
    case 'actionSucceeded':
    case 'actionFailed':
      return input.name;
  }
};

const toStep = (definition: AnySagaDefinition, sagaId: string, step: number, input: SagaInput, reaction: SagaReaction<unknown>, recordedAt: string): SagaStepRecorded => {
  const { name } = definition;
  const { id, kind, ...rest } = input;
  const summary = definition.describe(reaction.state);
  return {
    sagaName: name,
    sagaId,
    step,
    input: { kind, id, name: inputName(input), json: JSON.stringify(rest) },
    state: JSON.stringify(reaction.state),
    actions: (reaction.actions ?? []).map((action) => ({ id: workId(name, sagaId, action.key), key: action.key, name: action.name, input: JSON.stringify(action.input) })),
    timers: (reaction.timers ?? []).map((timer) => ({ id: workId(name, sagaId, `timer:${timer.key}`), key: timer.key, name: timer.name, dueAt: timer.dueAt })),
    cancelledTimers: (reaction.cancelTimers ?? []).map((key) => workId(name, sagaId, `timer:${key}`)),
    status: summary.status,
    steps: summary.steps.map((s) => ({ name: s.name, status: s.status, detail: s.detail })),
    failure: summary.failure,
    recordedAt,
  };
};

export type HandledInput = Readonly<{ step: SagaStepRecorded | null; origin: SagaOrigin; duplicate: boolean }>;

/**
 * Feeds one input to one saga instance: loads its stream, lets it react and appends the step, with the
 * version it read as the expected version (a conflict loads again). An input whose id the stream already
 * holds is not applied again: it returns that input's step (`duplicate`), so the caller can make sure
 * the work of that step exists.
 */
export const recordInput = async (
  store: EventStore,
  definition: AnySagaDefinition,
  sagaId: string,
  input: SagaInput,
  { origin, now }: { origin: SagaOrigin; now: Date },
): Promise<HandledInput> => {
  const streamId = sagaStreamId(definition.name, sagaId);
  for (let attempt = 0; ; attempt++) {
    const loaded = await loadSaga(store, definition, sagaId);
    const owner = loaded.origin ?? origin;
    const existing = loaded.steps.get(input.id);
    if (existing !== undefined) return { step: existing, origin: owner, duplicate: true };
    const reaction = definition.react(loaded.state, input);
    if (reaction === null) return { step: null, origin: owner, duplicate: false };
    const step = toStep(definition, sagaId, loaded.version + 1, input, reaction, now.toISOString());
    try {
      await store.append(
        streamId,
        [
          {
            eventId: `${streamId}@${step.step}`,
            type: SAGA_STEP_RECORDED,
            data: step,
            metadata: { tenant: owner.tenant, actor: `saga:${definition.name}`, correlationId: owner.correlationId, causationId: owner.causationId, traceparent: owner.traceparent, schemaVersion: SCHEMA_VERSION },
          },
        ],
        { expectedVersion: loaded.version === 0 ? 'no_stream' : loaded.version },
      );
      return { step, origin: owner, duplicate: false };
    } catch (error) {
      // Another runtime recorded a step first (same step number): load again and react to the new state.
      const lost = error instanceof ConcurrencyError || error instanceof EventIdConflictError;
      if (!lost || attempt >= MAX_CONFLICT_RETRIES) throw error;
    }
  }
};
