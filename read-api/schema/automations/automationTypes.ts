import type { AutomationDelivery, AutomationView, DeliveryAttempt } from '../../../projections/automations/automationView.js';
import { requirePermission } from '../../auth/authorize.js';
import { builder } from '../builder.js';
import { automationServices } from './automationServiceOf.js';

export const AutomationStatusEnum = builder.enumType('AutomationStatus', { values: ['ACTIVE', 'DISABLED'] as const });
export const AutomationActionKindEnum = builder.enumType('AutomationActionKind', { values: ['WEBHOOK', 'COMMAND'] as const });
export const AutomationCommandEnum = builder.enumType('AutomationCommand', { values: { RAISE_ALERT: { value: 'raiseAlert' } } as const });
export const DeliveryStatusEnum = builder.enumType('AutomationDeliveryStatus', { values: ['PENDING', 'DELIVERED', 'PARKED'] as const });

const DeliveryAttemptRef = builder.objectRef<DeliveryAttempt>('AutomationDeliveryAttempt').implement({
  fields: (t) => ({
    attempt: t.exposeInt('attempt', { description: 'Numbered across replays.' }),
    at: t.exposeString('at'),
    ok: t.exposeBoolean('ok'),
    statusCode: t.exposeInt('statusCode', { nullable: true, description: 'The receiver’s HTTP status (null: no answer, or a command).' }),
    error: t.exposeString('error', { nullable: true }),
    durationMs: t.exposeInt('durationMs'),
  }),
});

export const AutomationDeliveryRef = builder.objectRef<AutomationDelivery>('AutomationDelivery').implement({
  description: 'One event handed to one automation: its status and every attempt.',
  fields: (t) => ({
    id: t.exposeID('id'),
    automationId: t.exposeID('automationId'),
    eventId: t.exposeID('eventId'),
    eventType: t.exposeString('eventType'),
    eventPosition: t.expose('eventPosition', { type: 'LogPosition' }),
    status: t.expose('status', { type: DeliveryStatusEnum }),
    failures: t.exposeInt('failures', { description: 'Failed attempts since it was created or last replayed.' }),
    nextAttemptAt: t.exposeString('nextAttemptAt', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    createdAt: t.exposeString('createdAt'),
    finishedAt: t.exposeString('finishedAt', { nullable: true }),
    attempts: t.field({ type: [DeliveryAttemptRef], resolve: (d) => d.attempts }),
  }),
});

const ActionRef = builder.objectRef<AutomationView['action']>('AutomationAction').implement({
  fields: (t) => ({
    kind: t.expose('kind', { type: AutomationActionKindEnum }),
    url: t.exposeString('url', { nullable: true }),
    command: t.exposeString('command', { nullable: true }),
    input: t.field({ type: 'JSON', resolve: (a) => a.input }),
  }),
});

export const AutomationRef = builder.objectRef<AutomationView>('Automation').implement({
  description: 'Reacts to events of one type of its tenant whose data match its filter: a signed webhook or a command.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    eventType: t.exposeString('eventType'),
    filter: t.field({ type: 'JSON', resolve: (a) => a.filter }),
    action: t.field({ type: ActionRef, resolve: (a) => a.action }),
    maxAttempts: t.exposeInt('maxAttempts'),
    status: t.expose('status', { type: AutomationStatusEnum }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.exposeString('createdAt'),
    secret: t.string({
      description: 'The webhook signing secret (needs automation.manage): HMAC-SHA256 of "<t>.<body>" in the ledgerline-signature header.',
      resolve: (a, _args, ctx) => automationServices(ctx).secretOf(requirePermission(ctx, 'automation.manage').tenant, a.id),
    }),
    deliveries: t.field({
      type: [AutomationDeliveryRef],
      args: { first: t.arg.int() },
      resolve: (a, args, ctx) => automationServices(ctx).deliveries({ tenant: requirePermission(ctx, 'automation.read').tenant, automationId: a.id, first: args.first ?? 100 }),
    }),
  }),
});
