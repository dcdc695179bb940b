import type { EventStore } from '../commands/eventStore.js';
import type { Db } from '../infra/db/db.js';
import type { AnySagaDefinition, SagaInput } from './saga.js';
import { recordInput, type HandledInput, type SagaOrigin } from './sagaStore.js';
import { scheduleStep } from './sagaWork.js';

export type ApplyInput = (definition: AnySagaDefinition, sagaId: string, input: SagaInput, origin: SagaOrigin) => Promise<HandledInput>;

/**
 * Records an input in the saga's stream, then creates the work of the step. For an input handled before
 * (a redelivered event, a worker restarted after recording an outcome) it only makes sure that step's work
 * exists: that is idempotent, so nothing runs twice.
 */
export const createApplyInput =
  ({ db, store, now }: { db: Db; store: EventStore; now: () => Date }): ApplyInput =>
  async (definition, sagaId, input, origin) => {
    const handled = await recordInput(store, definition, sagaId, input, { origin, now: now() });
    if (handled.step !== null) await scheduleStep(db, handled.step, handled.origin, now());
    return handled;
  };
