import { createHash } from 'node:crypto';
import { z } from 'zod';
import { recordExternalChangeData, resolveSyncConflictData, type SyncCommand } from '../../domain/sync/commands.js';
import { parseSyncEvent, syncStreamId, syncStreamOfConflict, type FieldChange, type SyncEvent, type SyncStrategy } from '../../domain/sync/events.js';
import { syncDecider } from '../../domain/sync/syncDecider.js';
import { syncError } from '../../domain/sync/syncError.js';
import type { SyncRecord } from '../../domain/sync/syncRecord.js';
import { createCommandBus, type CommandContext, type CommandDefinition, type CommandResult } from '../commandBus.js';
import { CommandValidationError } from '../errors.js';
import type { EventStore, RecordedEvent } from '../eventStore.js';
import type { Log } from '../log.js';
import type { Permission } from '../permissions.js';

/** `version`: the record's version after the command (null when it changed nothing). */
export type SyncCommandResult = CommandResult & Readonly<{ entityType: string; entityId: string; conflictId: string | null; recordVersion: number | null }>;
type Run = (input: unknown, context: CommandContext) => Promise<SyncCommandResult>;
export type SyncCommands = Readonly<{ recordExternalChange: Run; resolveSyncConflict: Run }>;

/** The strategy of an entity type for a tenant. */
export type SyncStrategies = (tenant: string, entityType: string) => SyncStrategy;

/** The stream key of a shared record: per tenant, so two tenants' records never share a stream. */
export const syncRecordKey = (tenant: string, entityType: string, entityId: string): string =>
  createHash('sha256').update(`${tenant}\n${entityType}\n${entityId}`).digest('hex').slice(0, 32);

const json = z.record(z.string(), z.unknown());

/** The caller's input: `fields` as a JSON object, `changeId` optional. */
const externalChangeInput = recordExternalChangeData.omit({ fields: true, changeId: true }).extend({
  fields: json.refine((fields) => Object.keys(fields).length > 0, 'at least one field'),
  changeId: recordExternalChangeData.shape.changeId.optional(),
});
const resolveInput = resolveSyncConflictData.omit({ fields: true }).extend({ fields: json.nullable().optional() });

/** A JSON object as sorted field changes (values as JSON text). */
export const toFieldChanges = (fields: Readonly<Record<string, unknown>>): FieldChange[] =>
  Object.keys(fields).sort().map((name) => ({ name, value: JSON.stringify(fields[name] ?? null) }));

const parse = <T,>(schema: z.ZodType<T>, input: unknown): T => {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw CommandValidationError.fromZod(parsed.error);
  return parsed.data;
};

const toSyncEvent = (event: RecordedEvent): SyncEvent => {
  const parsed = parseSyncEvent(event);
  if (parsed === null) throw new Error(`${event.streamId} holds ${event.type}, which is not a sync event`);
  return parsed;
};

const notFound = (command: SyncCommand): Error =>
  command.type === 'ResolveSyncConflict'
    ? syncError('SYNC_CONFLICT_NOT_FOUND', `Sync conflict ${command.data.conflictId} not found`, { conflictId: command.data.conflictId })
    : new Error('A sync record of another tenant has the same key');

const outcome = (result: CommandResult, fallback: { entityType: string; entityId: string; conflictId: string | null }): SyncCommandResult => {
  const detected = result.events.find((event) => event.type === 'SyncConflictDetected');
  const decided = [...result.events].reverse().map((event) => event.data['version'] ?? event.data['currentVersion']).find((v) => typeof v === 'number');
  return {
    ...result,
    entityType: fallback.entityType,
    entityId: fallback.entityId,
    conflictId: typeof detected?.data['conflictId'] === 'string' ? detected.data['conflictId'] : fallback.conflictId,
    recordVersion: typeof decided === 'number' ? decided : null,
  };
};

/**
 * recordExternalChange (another system changed a shared record) and resolveSyncConflict (a person decides).
 * The entity type's strategy, the time and the record's key go into the command, so the decider stays pure.
 */
export const createSyncCommands = ({ store, strategies, clock = () => new Date(), log }: { store: EventStore; strategies: SyncStrategies; clock?: () => Date; log?: Log }): SyncCommands => {
  const bus = createCommandBus({ store, ...(log ? { log } : {}) });

  const definition = <Data,>(type: SyncCommand['type'], permission: Permission, schema: z.ZodType<Data>, streamKey: string, strategy: SyncStrategy): CommandDefinition<Data, SyncCommand, SyncRecord, SyncEvent> => ({
    name: type,
    permission,
    schema,
    streamId: () => syncStreamId(streamKey),
    toCommand: (data, context) => ({ type, data, metadata: { now: clock().toISOString(), actor: context.actor, streamKey, strategy } }) as SyncCommand,
    decider: syncDecider,
    toEvent: toSyncEvent,
    foreignStream: notFound,
  });

  const recordExternalChange: Run = async (input, context) => {
    const { fields, changeId, ...rest } = parse(externalChangeInput, input);
    const changes = toFieldChanges(fields);
    const data = { ...rest, fields: changes, changeId: changeId ?? `${rest.source}@${rest.baseVersion}@${rest.changedAt}` };
    const key = syncRecordKey(context.tenant, data.entityType, data.entityId);
    const strategy = strategies(context.tenant, data.entityType);
    const { result } = await bus.execute(definition('RecordExternalChange', 'sync.record', recordExternalChangeData, key, strategy), data, context);
    return outcome(result, { entityType: data.entityType, entityId: data.entityId, conflictId: null });
  };

  const resolveSyncConflict: Run = async (input, context) => {
    const { fields, ...rest } = parse(resolveInput, input);
    const data = { ...rest, fields: fields == null ? [] : toFieldChanges(fields) };
    const stream = syncStreamOfConflict(data.conflictId)!;
    const key = stream.slice('sync-'.length);
    const { result } = await bus.execute(definition('ResolveSyncConflict', 'sync.resolve', resolveSyncConflictData, key, 'MANUAL'), data, context);
    const first = result.events[0]?.data;
    return outcome(result, { entityType: String(first?.['entityType'] ?? ''), entityId: String(first?.['entityId'] ?? ''), conflictId: data.conflictId });
  };

  return { recordExternalChange, resolveSyncConflict };
};
