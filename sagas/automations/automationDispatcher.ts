import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandContext } from '../../commands/commandBus.js';
import type { EventStore, RecordedEvent } from '../../commands/eventStore.js';
import { silentLog, type Log } from '../../commands/log.js';
import { fillTemplate, matchesFilter } from '../../domain/automations/matchesTrigger.js';
import type { Db } from '../../infra/db/db.js';
import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from '../../infra/resilience/circuitBreaker.js';
import { retryDelay } from '../../infra/resilience/retry.js';
import type { WebhookSender } from '../../infra/webhooks/webhookSender.js';
import { activeAutomationsFor, getAutomation, triggeredEventTypes } from '../../projections/automations/automationQueries.js';
import type { AutomationView } from '../../projections/automations/automationView.js';
import { isPermanent } from '../actionHandler.js';
import { systemClock, type Clock } from '../clock.js';
import { claimDueDeliveries, insertDeliveries, markDelivered, markFailed, postpone, recordAttempt, replayParked, type DeliveryItem, type NewDelivery } from './deliveryWork.js';

/** A command an automation may send, as the command side runs it. */
export type AutomationCommandRunner = (input: unknown, context: CommandContext) => Promise<unknown>;

export type AutomationDispatcherOptions = Readonly<{
  db: Db;
  store: EventStore;
  send: WebhookSender;
  /** The automation's signing secret (derived from the server's key). */
  secretOf: (tenant: string, automationId: string) => string;
  commands?: Readonly<Record<string, AutomationCommandRunner>>;
  /** How far the automations read model has read the log: events after it wait (an automation created just before them may be missing). */
  automationsPosition: () => Promise<number> | number;
  clock?: Clock;
  log?: Log;
  /** Backoff between tries of one delivery (retry.ts); each automation parks after its own maxAttempts. */
  backoff?: Readonly<{ baseDelayMs: number; factor: number; maxDelayMs: number }>;
  circuitBreaker?: Omit<CircuitBreakerOptions, 'now'>;
  leaseMs?: number;
  batchSize?: number;
  pollMs?: number;
}>;

const CHECKPOINT = 'automations:dispatcher';
const idleSaveIntervalMs = 5000;

/**
 * Turns events into deliveries and runs them: a checkpointed pass over the log creates one delivery per
 * (automation, event) whose filter matches (in the transaction that moves the checkpoint), and a worker
 * claims due deliveries, POSTs signed webhooks or sends commands, logs every attempt, retries with
 * backoff behind a circuit breaker per automation, and parks a delivery after the automation's maxAttempts.
 */
export const createAutomationDispatcher = (options: AutomationDispatcherOptions) => {
  const { db, store, send, secretOf, commands = {}, clock = systemClock, log = silentLog, leaseMs = 60_000, batchSize = 200, pollMs = 250 } = options;
  const backoff = options.backoff ?? { baseDelayMs: 1000, factor: 2, maxDelayMs: 5 * 60_000 };
  const dispatchLog = log.child({ component: 'automations' });
  const breakers = new Map<string, CircuitBreaker>();
  const breakerFor = (automationId: string): CircuitBreaker => {
    let breaker = breakers.get(automationId);
    if (breaker === undefined) {
      breaker = createCircuitBreaker(`automation:${automationId}`, { ...options.circuitBreaker, now: () => clock.now().getTime(), isFailure: (error) => !isPermanent(error) });
      breakers.set(automationId, breaker);
    }
    return breaker;
  };
  let position: number | null = null;
  let savedAt = 0;

  const deliveryOf = (automation: AutomationView, event: RecordedEvent): NewDelivery => {
    const id = `${automation.id}/${event.eventId}`;
    const body = JSON.stringify({
      deliveryId: id, automationId: automation.id, tenant: event.metadata.tenant,
      event: { id: event.eventId, type: event.type, streamId: event.streamId, position: event.position, recordedAt: event.recordedAt, data: event.data },
    });
    return { id, tenant: event.metadata.tenant, automationId: automation.id, eventId: event.eventId, eventType: event.type, eventPosition: event.position, body };
  };

  /** One routing batch; 'idle' once it reached what the automations read model has seen. */
  const route = async (): Promise<'busy' | 'idle'> => {
    if (position === null) {
      await db.query('INSERT INTO ll_checkpoints (name, version, position) VALUES ($1, 1, 0) ON CONFLICT (name) DO NOTHING', [CHECKPOINT]);
      position = Number((await db.query<{ position: string }>('SELECT position FROM ll_checkpoints WHERE name = $1', [CHECKPOINT])).rows[0]?.position ?? 0);
    }
    const bound = await options.automationsPosition();
    if (bound <= position) return 'idle';
    const types = await triggeredEventTypes(db);
    const events = types.length === 0 ? [] : (await store.readAll({ after: position, limit: batchSize, filter: { types } })).filter((event) => event.position <= bound);
    const deliveries: NewDelivery[] = [];
    for (const event of events) {
      for (const automation of await activeAutomationsFor(db, { tenant: event.metadata.tenant, eventType: event.type, position: event.position })) {
        if (matchesFilter(automation.filter, event.data)) deliveries.push(deliveryOf(automation, event));
      }
    }
    const full = events.length === batchSize;
    const target = full ? events.at(-1)!.position : bound;
    // Moving past events that trigger nothing is saved at most every few seconds: the routing is
    // idempotent (one delivery per automation and event), so a restart only reads those again.
    if (deliveries.length > 0 || Date.now() - savedAt >= idleSaveIntervalMs) {
      await db.transaction(async (tx) => {
        await insertDeliveries(tx, deliveries, clock.now());
        await tx.query('UPDATE ll_checkpoints SET position = greatest(position, $2), updated_at = now() WHERE name = $1', [CHECKPOINT, target]);
      });
      savedAt = Date.now();
    }
    if (deliveries.length > 0) dispatchLog.info({ deliveries: deliveries.map((d) => d.id) }, 'automation deliveries created');
    position = target;
    return full ? 'busy' : 'idle';
  };

  /** Runs one delivery's try: a webhook POST or a command; throws what failed. */
  const attempt = async (automation: AutomationView, item: DeliveryItem, now: Date): Promise<{ statusCode: number | null; durationMs: number }> => {
    if (automation.action.kind === 'WEBHOOK') {
      const outcome = await send({ url: automation.action.url!, body: item.body, secret: secretOf(item.tenant, automation.id), deliveryId: item.id, eventType: item.eventType, now });
      if (!outcome.ok) throw Object.assign(new Error(outcome.error ?? 'webhook failed'), { outcome });
      return outcome;
    }
    const runner = commands[automation.action.command ?? ''];
    if (runner === undefined) throw Object.assign(new Error(`No command ${automation.action.command}`), { retryable: false });
    const event = JSON.parse(item.body).event as { id: string; type: string; data: unknown };
    const started = performance.now();
    await runner(fillTemplate(automation.action.input, { eventId: event.id, type: event.type, data: event.data }), {
      tenant: item.tenant, actor: `automation:${automation.id}`, roles: ['automation'], correlationId: item.id, traceparent: null,
    });
    return { statusCode: null, durationMs: Math.round(performance.now() - started) };
  };

  const run = async (item: DeliveryItem): Promise<void> => {
    const now = clock.now();
    const automation = await getAutomation(db, { tenant: item.tenant, id: item.automationId });
    if (automation === null || automation.status !== 'ACTIVE') {
      await markFailed(db, item.id, { at: now, error: 'AUTOMATION_DISABLED', park: true, dueAt: now });
      return;
    }
    try {
      const done = await breakerFor(automation.id).execute(() => attempt(automation, item, now));
      const number = await recordAttempt(db, item, { ok: true, statusCode: done.statusCode, error: null, durationMs: done.durationMs }, now);
      await markDelivered(db, item.id, now);
      dispatchLog.info({ delivery: item.id, attempt: number, statusCode: done.statusCode }, 'automation delivered');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'CIRCUIT_OPEN') {
        const waitMs = Math.max((error as { retryAfterMs?: number }).retryAfterMs ?? 0, backoff.baseDelayMs);
        await postpone(db, item.id, new Date(now.getTime() + waitMs));
        dispatchLog.info({ delivery: item.id, retryInMs: waitMs }, 'circuit open: delivery postponed');
        return;
      }
      const outcome = (error as { outcome?: { statusCode: number | null; durationMs: number } }).outcome;
      const message = error instanceof Error ? error.message : String(error);
      const number = await recordAttempt(db, item, { ok: false, statusCode: outcome?.statusCode ?? null, error: message, durationMs: outcome?.durationMs ?? 0 }, now);
      const failures = item.failures + 1;
      const park = isPermanent(error) || failures >= automation.maxAttempts;
      const delayMs = retryDelay(failures, null, backoff) ?? backoff.maxDelayMs;
      await markFailed(db, item.id, { at: now, error: message, park, dueAt: new Date(now.getTime() + delayMs) });
      if (park) dispatchLog.warn({ delivery: item.id, attempt: number, failures, error: message }, 'automation delivery parked');
      else dispatchLog.info({ delivery: item.id, attempt: number, failures, retryInMs: delayMs, error: message }, 'automation delivery failed; retrying later');
    }
  };

  /** Claims and runs one batch of due deliveries; returns how many it took. */
  const work = async (): Promise<number> => {
    const now = clock.now();
    const items = await claimDueDeliveries(db, { now, leaseUntil: new Date(now.getTime() + leaseMs), limit: batchSize });
    for (const item of items) await run(item).catch((error) => dispatchLog.error({ err: error, delivery: item.id }, 'delivery failed; retried after its lease'));
    return items.length;
  };

  let running: { abort: AbortController; done: Promise<void> } | null = null;
  return {
    route,
    work,
    /** Routes and works until nothing is due at the clock's time (tests). */
    drain: async (): Promise<void> => {
      for (let round = 0; round < 1000; round++) if ((await route()) === 'idle' && (await work()) === 0) return;
      throw new Error('Automations did not settle');
    },
    replay: (q: { tenant: string; id: string }) => replayParked(db, { ...q, now: clock.now() }),
    start: (): void => {
      if (running !== null) return;
      const abort = new AbortController();
      const loop = async () => {
        while (!abort.signal.aborted) {
          try {
            const busy = (await route()) === 'busy' || (await work()) > 0;
            if (!busy) await sleep(pollMs, undefined, { signal: abort.signal }).catch(() => undefined);
          } catch (error) {
            dispatchLog.error({ err: error }, 'automation dispatcher failed; retrying');
            await sleep(1000, undefined, { signal: abort.signal }).catch(() => undefined);
          }
        }
      };
      running = { abort, done: loop() };
    },
    stop: async (): Promise<void> => {
      if (running === null) return;
      const { abort, done } = running;
      running = null;
      abort.abort();
      await done;
    },
  };
};

export type AutomationDispatcher = ReturnType<typeof createAutomationDispatcher>;
