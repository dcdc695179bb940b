import type { SagaStepStatus } from '../saga.js';

export type ExecutionOrder = Readonly<{
  tradeId: string;
  accountId: string;
  instrument: string;
  side: 'BUY' | 'SELL';
  quantityMwh: number;
  limitPrice: number;
  /** Deterministic: the submit action's id. */
  clientOrderId: string;
}>;

export const executionSteps = ['checkRisk', 'submit', 'fill', 'cancel'] as const;
export type ExecutionStep = (typeof executionSteps)[number];

export type StepState = Readonly<{ status: SagaStepStatus; detail: string | null }>;

/** Why the execution ended without a full fill: the step and a stable code. */
export type ExecutionFailure = Readonly<{ step: ExecutionStep; code: string; message: string }>;

export type ExecutionState =
  | Readonly<{ status: 'idle' }>
  | Readonly<{
      status: 'checking' | 'submitting' | 'working' | 'cancelling' | 'completed' | 'failed';
      order: ExecutionOrder;
      venueOrderId: string | null;
      filledMwh: number;
      /** The number of the last poll asked for, and of the current timeout timer. */
      poll: number;
      timeout: number;
      steps: Readonly<Record<ExecutionStep, StepState>>;
      failure: ExecutionFailure | null;
    }>;

export type ActiveExecution = Exclude<ExecutionState, { status: 'idle' }>;

export const pendingSteps = (): Record<ExecutionStep, StepState> => ({
  checkRisk: { status: 'running', detail: null },
  submit: { status: 'pending', detail: null },
  fill: { status: 'pending', detail: null },
  cancel: { status: 'skipped', detail: null },
});
