import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Automation } from '../../domain/automations/automation.js';
import { automationDecider } from '../../domain/automations/automationDecider.js';
import { automationError } from '../../domain/automations/automationError.js';
import { createAutomationData, disableAutomationData, type AutomationCommand } from '../../domain/automations/commands.js';
import { automationStreamId, parseAutomationEvent, type AutomationEvent } from '../../domain/automations/events.js';
import { createCommandBus, type CommandContext, type CommandDefinition, type CommandResult } from '../commandBus.js';
import type { EventStore, RecordedEvent } from '../eventStore.js';
import type { Log } from '../log.js';
import type { Permission } from '../permissions.js';

export type AutomationCommandResult = CommandResult & Readonly<{ automationId: string }>;
type Run = (input: unknown, context: CommandContext) => Promise<AutomationCommandResult>;
export type AutomationCommands = Readonly<{ createAutomation: Run; disableAutomation: Run }>;

const toEvent = (event: RecordedEvent): AutomationEvent => {
  const parsed = parseAutomationEvent(event);
  if (parsed === null) throw new Error(`${event.streamId} holds ${event.type}, which is not an automation event`);
  return parsed;
};

const notFound = (command: AutomationCommand): Error =>
  command.type === 'CreateAutomation'
    ? automationError('AUTOMATION_ID_CONFLICT', `Automation id ${command.data.automationId} is taken`, { automationId: command.data.automationId })
    : automationError('AUTOMATION_NOT_FOUND', `Automation ${command.data.automationId} not found`, { automationId: command.data.automationId });

/** createAutomation's input: the id is generated when absent. */
const createInput = createAutomationData.extend({ automationId: z.preprocess((id) => id ?? randomUUID(), createAutomationData.shape.automationId) });

/** createAutomation and disableAutomation (needs automation.manage). */
export const createAutomationCommands = ({ store, clock = () => new Date(), log }: { store: EventStore; clock?: () => Date; log?: Log }): AutomationCommands => {
  const bus = createCommandBus({ store, ...(log ? { log } : {}) });
  const definition = <Data extends { automationId: string }>(type: AutomationCommand['type'], permission: Permission, schema: z.ZodType<Data>): CommandDefinition<Data, AutomationCommand, Automation, AutomationEvent> => ({
    name: type,
    permission,
    schema,
    streamId: (data) => automationStreamId(data.automationId),
    toCommand: (data, context) => ({ type, data, metadata: { now: clock().toISOString(), actor: context.actor } }) as AutomationCommand,
    decider: automationDecider,
    toEvent,
    foreignStream: notFound,
  });
  const create = definition('CreateAutomation', 'automation.manage', createInput);
  const disable = definition('DisableAutomation', 'automation.manage', disableAutomationData);
  return {
    createAutomation: async (input, context) => {
      const { data, result } = await bus.execute(create, input, context);
      return { ...result, automationId: data.automationId };
    },
    disableAutomation: async (input, context) => {
      const { data, result } = await bus.execute(disable, input, context);
      return { ...result, automationId: data.automationId };
    },
  };
};
