import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import { fold, type Decider } from '../domain/shared/decider.js';
import { CommandValidationError } from './errors.js';
import { createKeyedQueue } from './keyedQueue.js';
import { ConcurrencyError, type EventStore, type NewEvent, type RecordedEvent } from './eventStore.js';
import { silentLog, type Log } from './log.js';
import { authorise, type Permission } from './permissions.js';

/** Who sends a command, on behalf of which tenant, within which trace. */
export type CommandContext = Readonly<{ tenant: string; actor: string; roles: readonly string[]; correlationId: string; traceparent: string | null }>;

/**
 * What a command did. `version` and `position` are the stream's version and its last event's position
 * after the command, also when nothing was appended (`appended: false`), so the position always works as
 * a consistency token.
 */
export type CommandResult = Readonly<{ streamId: string; version: number; position: number; appended: boolean; events: readonly RecordedEvent[] }>;

export type DomainEvent = Readonly<{ type: string; data: Readonly<Record<string, unknown>> }>;

/** How one kind of command goes through the bus. */
export type CommandDefinition<Data, Command, State, Event extends DomainEvent> = Readonly<{
  name: string;
  permission: Permission;
  schema: z.ZodType<Data>;
  streamId: (data: Data) => string;
  /** Adds what the domain must not fetch itself (time, limits) to the validated input. */
  toCommand: (data: Data, context: CommandContext) => Command;
  decider: Decider<State, Command, Event>;
  /** A recorded event of the stream as the decider's event. */
  toEvent: (event: RecordedEvent) => Event;
  /** A stream belongs to the tenant of its first event; for any other tenant it must look absent. */
  foreignStream: (command: Command) => Error;
}>;

export type CommandBus = Readonly<{
  execute: <Data, Command, State, Event extends DomainEvent>(
    definition: CommandDefinition<Data, Command, State, Event>,
    input: unknown,
    context: CommandContext,
    options?: ExecuteOptions,
  ) => Promise<Readonly<{ data: Data; result: CommandResult }>>;
}>;

export type ExecuteOptions = Readonly<{
  /** The stream id was just generated (a random UUID), so the stream cannot exist: the first attempt skips the read. */
  newStream?: boolean;
}>;

export type CommandBusOptions = Readonly<{ store: EventStore; maxRetries?: number; log?: Log }>;

export const DEFAULT_MAX_RETRIES = 10;
const BASE_BACKOFF_MS = 1;
const MAX_BACKOFF_MS = 20;
const SCHEMA_VERSION = 1;

/** Full jitter, doubling: spreads the writers that lost a round so the next one does not collide again. */
const backoffMs = (attempt: number): number => Math.random() * Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);

/** A decided event as the store takes it: a fresh id, the caller's context as metadata. */
export const newEvent = ({ type, data }: DomainEvent, context: CommandContext): NewEvent => ({
  eventId: randomUUID(), // idempotency lives in the deciders, so an event id only has to be unique
  type,
  data,
  metadata: {
    tenant: context.tenant,
    actor: context.actor,
    correlationId: context.correlationId,
    causationId: null,
    traceparent: context.traceparent,
    schemaVersion: SCHEMA_VERSION,
  },
});

/**
 * The command pipeline: authorise, validate, then load – fold – decide – append with the version read
 * as the expected version; on a version conflict it starts over from the load, at most `maxRetries` times,
 * then rethrows the ConcurrencyError.
 */
export const createCommandBus = ({ store, maxRetries = DEFAULT_MAX_RETRIES, log = silentLog }: CommandBusOptions): CommandBus => {
  const perStream = createKeyedQueue();
  const decideAndAppend = async <Command, State, Event extends DomainEvent>(
    definition: Pick<CommandDefinition<unknown, Command, State, Event>, 'decider' | 'toEvent' | 'foreignStream'>,
    streamId: string,
    command: Command,
    context: CommandContext,
    newStream: boolean,
  ): Promise<CommandResult> => {
    const recorded = newStream ? [] : await store.readStream(streamId);
    const owner = recorded[0]?.metadata.tenant;
    if (owner !== undefined && owner !== context.tenant) throw definition.foreignStream(command);
    const last = recorded.at(-1);
    const events = definition.decider.decide(command, fold(definition.decider, recorded.map(definition.toEvent)));
    if (events.length === 0) return { streamId, version: last?.version ?? 0, position: last?.position ?? 0, appended: false, events: [] };
    const newEvents = events.map((event) => newEvent(event, context));
    const appended = await store.append(streamId, newEvents, { expectedVersion: last?.version ?? 'no_stream' });
    return { streamId, version: appended.version, position: appended.position, appended: true, events: appended.events };
  };

  const execute: CommandBus['execute'] = async (definition, input, context, { newStream = false } = {}) => {
    authorise(context.roles, definition.permission);
    const parsed = definition.schema.safeParse(input);
    if (!parsed.success) throw CommandValidationError.fromZod(parsed.error);
    const command = definition.toCommand(parsed.data, context);
    const streamId = definition.streamId(parsed.data);
    return perStream(streamId, () => attempts(definition, parsed.data, streamId, command, context, newStream));
  };

  const attempts = async <Data, Command, State, Event extends DomainEvent>(
    definition: CommandDefinition<Data, Command, State, Event>,
    data: Data,
    streamId: string,
    command: Command,
    context: CommandContext,
    newStream: boolean,
  ): Promise<Readonly<{ data: Data; result: CommandResult }>> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return { data, result: await decideAndAppend(definition, streamId, command, context, newStream && attempt === 0) };
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        const details = { command: definition.name, streamId, attempt, correlationId: context.correlationId };
        if (attempt >= maxRetries) {
          log.warn(details, 'version conflict: retries exhausted');
          throw error;
        }
        log.debug(details, 'version conflict: retrying');
        await sleep(backoffMs(attempt));
      }
    }
  };

  return { execute };
};
