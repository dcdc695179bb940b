import { z } from 'zod';

/**
 * The one event of a saga's stream: a step, with what the saga learnt (the input), its state after it,
 * what it asked for (actions, timers) and its summary. The state and free-form payloads are JSON text,
 * so the Avro contract stays closed.
 */
const failure = z.object({ step: z.string(), code: z.string(), message: z.string() });

export const sagaStepRecorded = z.object({
  sagaName: z.string(),
  sagaId: z.string(),
  step: z.number().int(),
  input: z.object({ kind: z.enum(['event', 'timer', 'actionSucceeded', 'actionFailed']), id: z.string(), name: z.string(), json: z.string() }),
  state: z.string(),
  actions: z.array(z.object({ id: z.string(), key: z.string(), name: z.string(), input: z.string() })),
  timers: z.array(z.object({ id: z.string(), key: z.string(), name: z.string(), dueAt: z.string() })),
  cancelledTimers: z.array(z.string()),
  status: z.enum(['running', 'compensating', 'completed', 'failed']),
  steps: z.array(z.object({ name: z.string(), status: z.string(), detail: z.string().nullable() })),
  failure: failure.nullable(),
  recordedAt: z.string(),
});

export type SagaStepRecorded = z.infer<typeof sagaStepRecorded>;

export const SAGA_STEP_RECORDED = 'SagaStepRecorded';

export const sagaEventSchemas = { SagaStepRecorded: sagaStepRecorded } as const;
