import type { AlertCommands } from '../commands/alerts/alertCommands.js';
import type { EventStore } from '../commands/eventStore.js';
import type { IdentityCommands } from '../commands/identity/identityCommands.js';
import type { Log } from '../commands/log.js';
import type { Db } from '../infra/db/db.js';
import type { Clock } from './clock.js';
import type { EmailPort } from './emailPort.js';
import { createEscalationSaga, defaultEscalationPolicy, type EscalationPolicy } from './escalation.js';
import { createEscalationHandlers } from './escalationHandlers.js';
import { onboardingSaga } from './onboarding.js';
import { createOnboardingHandlers } from './onboardingHandlers.js';
import type { ActionHandlers } from './actionHandler.js';
import type { AnySagaDefinition } from './saga.js';
import { createSagaRuntime, type SagaRuntime, type SagaRuntimeOptions } from './sagaRuntime.js';

/** The sagas of the platform (onboarding, alert escalation) on one runtime: what the `saga` role runs. */
export const createPlatformSagas = ({
  db, store, identity, alerts, email, log, clock, escalation = defaultEscalationPolicy, options = {}, extra = { sagas: [], handlers: {} },
}: {
  db: Db;
  store: EventStore;
  identity: IdentityCommands;
  alerts: AlertCommands;
  email: EmailPort;
  log?: Log;
  clock?: Clock;
  escalation?: EscalationPolicy;
  options?: Partial<Pick<SagaRuntimeOptions, 'retry' | 'circuitBreaker' | 'leaseMs' | 'pollMs' | 'batchSize'>>;
  /** More sagas on the same runtime (trade execution): one worker claims all of ll_saga_work, so they share it. */
  extra?: Readonly<{ sagas: readonly AnySagaDefinition[]; handlers: ActionHandlers }>;
}): SagaRuntime =>
  createSagaRuntime({
    db,
    store,
    sagas: [onboardingSaga, createEscalationSaga(escalation), ...extra.sagas],
    handlers: { ...createOnboardingHandlers({ identity, email }), ...createEscalationHandlers({ alerts, email }), ...extra.handlers },
    name: 'platform',
    ...(log ? { log } : {}),
    ...(clock ? { clock } : {}),
    ...options,
  });
