import { callerContext, requirePermission } from '../../auth/authorize.js';
import { badUserInput, gatewayError } from '../../errors/gatewayError.js';
import { builder } from '../builder.js';
import { consistentWith } from '../consistentWith.js';
import { automationServices } from './automationServiceOf.js';
import type { AutomationCommandOutcome } from './automationServices.js';
import { AutomationCommandEnum, AutomationDeliveryRef, AutomationRef } from './automationTypes.js';

const TriggerInput = builder.inputType('AutomationTriggerInput', {
  fields: (t) => ({
    eventType: t.string({ required: true, description: 'e.g. TradeFilled' }),
    filter: t.field({ type: 'JSON', description: 'Dotted paths into the event data and the values they must equal, e.g. {"side": "BUY"}.' }),
  }),
});
const WebhookActionInput = builder.inputType('WebhookActionInput', { fields: (t) => ({ url: t.string({ required: true }) }) });
const CommandActionInput = builder.inputType('CommandActionInput', {
  fields: (t) => ({
    command: t.field({ type: AutomationCommandEnum, required: true }),
    input: t.field({ type: 'JSON', description: 'The command input; a string value "{{data.<path>}}" takes the event’s field.' }),
  }),
});
const ActionInput = builder.inputType('AutomationActionInput', {
  description: 'Exactly one of webhook or command.',
  fields: (t) => ({ webhook: t.field({ type: WebhookActionInput }), command: t.field({ type: CommandActionInput }) }),
});
const CreateAutomationInput = builder.inputType('CreateAutomationInput', {
  fields: (t) => ({
    automationId: t.id({ description: 'Chosen by the client for idempotency; generated when absent.' }),
    name: t.string({ required: true }),
    trigger: t.field({ type: TriggerInput, required: true }),
    action: t.field({ type: ActionInput, required: true }),
    maxAttempts: t.int({ description: 'Tries before a failing delivery is parked (default 5).' }),
  }),
});

const AutomationPayload = builder.objectRef<AutomationCommandOutcome>('AutomationPayload').implement({
  fields: (t) => ({
    automationId: t.exposeID('automationId'),
    appended: t.exposeBoolean('appended'),
    consistencyToken: t.expose('position', { type: 'LogPosition' }),
    automation: t.field({
      type: AutomationRef,
      nullable: true,
      resolve: async (r, _args, ctx) => {
        await consistentWith(ctx, r.position, ['automations']);
        return automationServices(ctx).getAutomation({ tenant: callerContext(ctx).tenant, id: r.automationId });
      },
    }),
  }),
});

type ActionArg = { webhook?: { url: string } | null | undefined; command?: { command: string; input?: unknown } | null | undefined };
const actionOf = ({ webhook, command }: ActionArg) => {
  if ((webhook == null) === (command == null)) throw badUserInput('action', 'Give exactly one of action.webhook and action.command');
  return webhook != null ? { kind: 'WEBHOOK', url: webhook.url } : { kind: 'COMMAND', command: command!.command, input: command!.input ?? {} };
};

builder.mutationFields((t) => ({
  createAutomation: t.field({
    type: AutomationPayload,
    description: 'Needs automation.manage (energy.admin). Read the webhook secret from automation.secret.',
    args: { input: t.arg({ type: CreateAutomationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const command = {
        ...(input.automationId == null ? {} : { automationId: String(input.automationId) }),
        name: input.name,
        trigger: { eventType: input.trigger.eventType, filter: input.trigger.filter ?? {} },
        action: actionOf(input.action),
        ...(input.maxAttempts == null ? {} : { maxAttempts: input.maxAttempts }),
      };
      const result = await automationServices(ctx).createAutomation(command, callerContext(ctx));
      ctx.log.info({ command: 'createAutomation', automationId: result.automationId, position: result.position }, 'command handled');
      return result;
    },
  }),
  disableAutomation: t.field({
    type: AutomationPayload,
    description: 'Needs automation.manage.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => automationServices(ctx).disableAutomation({ automationId: String(id) }, callerContext(ctx)),
  }),
  replayAutomationDelivery: t.field({
    type: AutomationDeliveryRef,
    description: 'Gives a PARKED delivery its tries again, now. Needs automation.manage.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const { tenant } = requirePermission(ctx, 'automation.manage');
      const services = automationServices(ctx);
      if (!(await services.replayDelivery({ tenant, id: String(id) }))) throw gatewayError('DELIVERY_NOT_PARKED', `No parked delivery ${String(id)}`);
      const [delivery] = await services.deliveries({ tenant, deliveryId: String(id) });
      return delivery!;
    },
  }),
}));

builder.queryFields((t) => ({
  automations: t.field({
    type: [AutomationRef],
    args: { consistentWith: t.arg({ type: 'LogPosition' }) },
    resolve: async (_root, args, ctx) => {
      const { tenant } = requirePermission(ctx, 'automation.read');
      await consistentWith(ctx, args.consistentWith, ['automations']);
      return automationServices(ctx).listAutomations({ tenant });
    },
  }),
  automation: t.field({
    type: AutomationRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }), consistentWith: t.arg({ type: 'LogPosition' }) },
    resolve: async (_root, args, ctx) => {
      const { tenant } = requirePermission(ctx, 'automation.read');
      await consistentWith(ctx, args.consistentWith, ['automations']);
      return automationServices(ctx).getAutomation({ tenant, id: String(args.id) });
    },
  }),
  automationDeliveries: t.field({
    type: [AutomationDeliveryRef],
    description: 'An automation’s deliveries, newest event first, each with every attempt. Needs automation.read.',
    args: { id: t.arg.id({ required: true }), first: t.arg.int() },
    resolve: (_root, args, ctx) => automationServices(ctx).deliveries({ tenant: requirePermission(ctx, 'automation.read').tenant, automationId: String(args.id), first: args.first ?? 100 }),
  }),
}));
