import type { SagaStatus, SagaStepStatus } from './saga.js';

/** A saga instance as the read model and GraphQL show it. `id` is `<name>-<sagaId>` (its stream without `saga-`). */
export type SagaView = Readonly<{
  id: string;
  tenant: string;
  name: string;
  sagaId: string;
  status: SagaStatus;
  steps: readonly Readonly<{ name: string; status: SagaStepStatus; detail: string | null }>[];
  failure: Readonly<{ step: string; code: string; message: string }> | null;
  /** The number of steps recorded in its stream. */
  version: number;
  startedAt: string;
  updatedAt: string;
}>;
