import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { AlertStream } from '../../domain/alerts/alert.js';
import { alertDecider } from '../../domain/alerts/alertDecider.js';
import { alertError } from '../../domain/alerts/alertError.js';
import { acknowledgeAlertData, escalateAlertData, raiseAlertData, resolveAlertData, type AlertCommand } from '../../domain/alerts/commands.js';
import { alertStreamId, alertStreamOf, parseAlertEvent, type AlertEvent } from '../../domain/alerts/events.js';
import { createCommandBus, type CommandContext, type CommandDefinition, type CommandResult } from '../commandBus.js';
import { CommandValidationError } from '../errors.js';
import type { EventStore, RecordedEvent } from '../eventStore.js';
import type { Log } from '../log.js';
import type { Permission } from '../permissions.js';

export type AlertCommandResult = CommandResult & Readonly<{ alertId: string }>;
type Run = (input: unknown, context: CommandContext) => Promise<AlertCommandResult>;

export type AlertCommands = Readonly<{ raiseAlert: Run; acknowledgeAlert: Run; resolveAlert: Run; escalateAlert: Run }>;

/** The stream key of a dedupe key: per tenant, so two tenants' keys never share a stream. */
export const dedupeStreamKey = (tenant: string, dedupeKey: string): string => createHash('sha256').update(`${tenant}\n${dedupeKey}`).digest('hex').slice(0, 32);

const toAlertEvent = (event: RecordedEvent): AlertEvent => {
  const parsed = parseAlertEvent(event);
  if (parsed === null) throw new Error(`${event.streamId} holds ${event.type}, which is not an alert event`);
  return parsed;
};

const foreignAlert = (command: AlertCommand): Error =>
  alertError('ALERT_NOT_FOUND', `Alert ${'alertId' in command.data ? command.data.alertId : ''} not found`, {});

export const createAlertCommands = ({ store, clock = () => new Date(), log }: { store: EventStore; clock?: () => Date; log?: Log }): AlertCommands => {
  const bus = createCommandBus({ store, ...(log ? { log } : {}) });

  const definition = <Data,>(type: AlertCommand['type'], permission: Permission, schema: z.ZodType<Data>, streamKey: string): CommandDefinition<Data, AlertCommand, AlertStream, AlertEvent> => ({
    name: type,
    permission,
    schema,
    streamId: () => alertStreamId(streamKey),
    toCommand: (data, context) => ({ type, data, metadata: { now: clock().toISOString(), actor: context.actor, streamKey } }) as AlertCommand,
    decider: alertDecider,
    toEvent: toAlertEvent,
    foreignStream: foreignAlert,
  });

  /** The alert id a raise led to: the new alert's, or the open one it counted an occurrence of. */
  const raisedId = (result: CommandResult): string => String(result.events[0]?.data['alertId'] ?? '');

  const raiseAlert: Run = async (input, context) => {
    const parsed = raiseAlertData.safeParse(input);
    if (!parsed.success) throw CommandValidationError.fromZod(parsed.error);
    const key = dedupeStreamKey(context.tenant, parsed.data.dedupeKey);
    const { result } = await bus.execute(definition('RaiseAlert', 'alert.raise', raiseAlertData, key), input, context);
    return { ...result, alertId: raisedId(result) };
  };

  const onAlert =
    <Data extends Readonly<{ alertId: string }>>(type: AlertCommand['type'], permission: Permission, schema: z.ZodType<Data>): Run =>
    async (input, context) => {
      const alertId = (input as { alertId?: unknown } | null)?.alertId;
      const stream = typeof alertId === 'string' ? alertStreamOf(alertId) : null;
      const key = stream === null ? '0' : stream.slice('alert-'.length);
      const { data, result } = await bus.execute(definition(type, permission, schema, key), input, context);
      return { ...result, alertId: data.alertId };
    };

  return {
    raiseAlert,
    acknowledgeAlert: onAlert('AcknowledgeAlert', 'alert.acknowledge', acknowledgeAlertData),
    resolveAlert: onAlert('ResolveAlert', 'alert.resolve', resolveAlertData),
    escalateAlert: onAlert('EscalateAlert', 'alert.escalate', escalateAlertData),
  };
};
