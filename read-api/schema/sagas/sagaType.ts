import type { SagaView } from '../../../sagas/sagaView.js';
import { builder } from '../builder.js';

export const SagaStatusEnum = builder.enumType('SagaStatus', {
  values: { RUNNING: { value: 'running' }, COMPENSATING: { value: 'compensating' }, COMPLETED: { value: 'completed' }, FAILED: { value: 'failed' } } as const,
});

type Step = SagaView['steps'][number];
type Failure = NonNullable<SagaView['failure']>;

const SagaStepRef = builder.objectRef<Step>('SagaStep').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    status: t.exposeString('status', { description: 'pending, running, done, failed, compensating, compensated, compensationFailed or skipped' }),
    detail: t.exposeString('detail', { nullable: true }),
  }),
});

const SagaFailureRef = builder.objectRef<Failure>('SagaFailure').implement({
  description: 'The step that failed for good, and why.',
  fields: (t) => ({ step: t.exposeString('step'), code: t.exposeString('code'), message: t.exposeString('message') }),
});

export const SagaRef = builder.objectRef<SagaView>('Saga').implement({
  description: 'A saga instance. Its history is the stream saga-<id> (streamEvents).',
  fields: (t) => ({
    id: t.exposeID('id', { description: '<name>-<sagaId>, e.g. onboarding-<userId>, escalation-<alertId>' }),
    name: t.exposeString('name'),
    sagaId: t.exposeString('sagaId'),
    status: t.expose('status', { type: SagaStatusEnum }),
    steps: t.field({ type: [SagaStepRef], resolve: (saga) => saga.steps }),
    failure: t.field({ type: SagaFailureRef, nullable: true, resolve: (saga) => saga.failure }),
    version: t.exposeInt('version', { description: 'Steps recorded in its stream.' }),
    startedAt: t.exposeString('startedAt'),
    updatedAt: t.exposeString('updatedAt'),
  }),
});
