import type { Decider } from '../shared/decider.js';
import { assertNever } from '../shared/domainError.js';
import { initialState, type Automation } from './automation.js';
import { automationError } from './automationError.js';
import type { AutomationCommand, CreateAutomation } from './commands.js';
import type { AutomationEvent } from './events.js';

const created = ({ data, metadata }: CreateAutomation): Extract<AutomationEvent, { type: 'AutomationCreated' }>['data'] => ({
  automationId: data.automationId,
  name: data.name,
  eventType: data.trigger.eventType,
  filter: JSON.stringify(data.trigger.filter),
  action: data.action.kind === 'WEBHOOK'
    ? { kind: 'WEBHOOK', url: data.action.url, command: null, input: '{}' }
    : { kind: 'COMMAND', url: null, command: data.action.command, input: JSON.stringify(data.action.input) },
  maxAttempts: data.maxAttempts,
  createdBy: metadata.actor,
  createdAt: metadata.now,
});

const decide = (command: AutomationCommand, state: Automation): AutomationEvent[] => {
  switch (command.type) {
    case 'CreateAutomation': {
      const data = created(command);
      if (state.status === 'none') return [{ type: 'AutomationCreated', data }];
      const same = JSON.stringify({ ...data, createdAt: '', createdBy: '' }) === JSON.stringify({ ...state, status: undefined, createdAt: '', createdBy: '' });
      if (same) return []; // the same automation created again
      throw automationError('AUTOMATION_ID_CONFLICT', `Automation ${data.automationId} exists with another definition`, { automationId: data.automationId });
    }
    case 'DisableAutomation':
      if (state.status === 'none') throw automationError('AUTOMATION_NOT_FOUND', `Automation ${command.data.automationId} not found`, { automationId: command.data.automationId });
      if (state.status === 'disabled') return [];
      return [{ type: 'AutomationDisabled', data: { automationId: state.automationId, disabledBy: command.metadata.actor, disabledAt: command.metadata.now } }];
    default:
      return assertNever(command);
  }
};

const evolve = (state: Automation, event: AutomationEvent): Automation => {
  switch (event.type) {
    case 'AutomationCreated':
      return { status: 'active', ...event.data };
    case 'AutomationDisabled':
      return state.status === 'none' ? state : { ...state, status: 'disabled' };
    default:
      return assertNever(event);
  }
};

/** The decider of one automation's stream (`automation-<id>`). */
export const automationDecider: Decider<Automation, AutomationCommand, AutomationEvent> = { decide, evolve, initialState };
