import type { AlertUpdate } from '../../../projections/alerts/alertQueries.js';
import { callerContext, requirePermission } from '../../auth/authorize.js';
import type { GraphQLContext } from '../../context.js';
import { badUserInput } from '../../errors/gatewayError.js';
import type { AlertServices } from '../sagas/contextServices.js';
import { updateStream } from '../../subscriptions/updateStream.js';
import { builder } from '../builder.js';
import { consistentWith } from '../consistentWith.js';
import { AlertRef, AlertSeverityEnum, AlertStatusEnum, AlertUpdateRef } from './alertType.js';

const MAX_ALERTS = 1000;

const RaiseAlertInput = builder.inputType('RaiseAlertInput', {
  fields: (t) => ({
    severity: t.field({ type: AlertSeverityEnum, required: true }),
    source: t.string({ required: true }),
    subject: t.string({ required: true }),
    dedupeKey: t.string({ required: true, description: 'An unresolved alert with this key counts an occurrence instead of a new alert.' }),
    details: t.string(),
  }),
});
const AcknowledgeAlertInput = builder.inputType('AcknowledgeAlertInput', { fields: (t) => ({ alertId: t.id({ required: true }), note: t.string() }) });
const ResolveAlertInput = builder.inputType('ResolveAlertInput', { fields: (t) => ({ alertId: t.id({ required: true }), resolution: t.string() }) });

type AlertResult = Readonly<{ alertId: string; position: number; appended: boolean }>;

const AlertPayload = builder.objectRef<AlertResult>('AlertPayload').implement({
  fields: (t) => ({
    alertId: t.exposeID('alertId'),
    consistencyToken: t.expose('position', { type: 'LogPosition' }),
    appended: t.exposeBoolean('appended', { description: 'false when the command changed nothing (a repeat).' }),
    alert: t.field({
      type: AlertRef,
      nullable: true,
      resolve: async (r, _args, ctx) => {
        await consistentWith(ctx, r.position, ['alerts']);
        return ctx.services.alerts.getAlert({ tenant: callerContext(ctx).tenant, id: r.alertId });
      },
    }),
  }),
});

const withoutNulls = (input: object): Record<string, unknown> => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));

const run =
  (command: 'raiseAlert' | 'acknowledgeAlert' | 'resolveAlert', toInput: (input: Record<string, unknown>) => Record<string, unknown> = (i) => i) =>
  async (_root: unknown, { input }: { input: object }, ctx: GraphQLContext): Promise<AlertResult> => {
    const { alertId, position, appended } = await ctx.services.alerts[command](toInput(withoutNulls(input)), callerContext(ctx));
    ctx.log.info({ command, alertId, position, appended }, 'command handled');
    return { alertId, position, appended };
  };

builder.mutationFields((t) => ({
  raiseAlert: t.field({
    type: AlertPayload,
    description: 'Needs alert.raise (monitor, energy.analyst, energy.admin).',
    args: { input: t.arg({ type: RaiseAlertInput, required: true }) },
    resolve: run('raiseAlert', (input) => ({ ...input, severity: String(input['severity']).toLowerCase() })),
  }),
  acknowledgeAlert: t.field({
    type: AlertPayload,
    description: 'Needs alert.acknowledge (energy.trader, energy.admin). Stops the escalation.',
    args: { input: t.arg({ type: AcknowledgeAlertInput, required: true }) },
    resolve: run('acknowledgeAlert'),
  }),
  resolveAlert: t.field({
    type: AlertPayload,
    description: 'Needs alert.resolve (monitor, energy.admin).',
    args: { input: t.arg({ type: ResolveAlertInput, required: true }) },
    resolve: run('resolveAlert'),
  }),
}));

builder.queryFields((t) => ({
  alert: t.field({
    type: AlertRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }), consistentWith: t.arg({ type: 'LogPosition' }) },
    resolve: async (_root, args, ctx) => {
      const { tenant } = requirePermission(ctx, 'alert.read');
      await consistentWith(ctx, args.consistentWith, ['alerts']);
      return ctx.services.alerts.getAlert({ tenant, id: String(args.id) });
    },
  }),
  alerts: t.field({
    type: [AlertRef],
    description: 'Most severe first, then oldest first.',
    args: { status: t.arg({ type: AlertStatusEnum }), severity: t.arg({ type: AlertSeverityEnum }), first: t.arg.int(), consistentWith: t.arg({ type: 'LogPosition' }) },
    resolve: async (_root, args, ctx) => {
      const { tenant } = requirePermission(ctx, 'alert.read');
      const first = args.first ?? 100;
      if (first < 1 || first > MAX_ALERTS) throw badUserInput('first', `first must be between 1 and ${MAX_ALERTS}`);
      await consistentWith(ctx, args.consistentWith, ['alerts']);
      return ctx.services.alerts.listAlerts({ tenant, status: args.status ?? null, severity: args.severity ?? null, first });
    },
  }),
}));

/** Replay (from `after`) then live alert changes of one tenant that `keep` accepts. */
const alertStream = (ctx: GraphQLContext, after: number | null, keep: (update: AlertUpdate) => boolean) => {
  const { tenant } = requirePermission(ctx, 'alert.read');
  const alerts: AlertServices = ctx.services.alerts;
  return updateStream<AlertUpdate>({
    after,
    replay: async (from, limit) => {
      // A filtered page may be empty before the end of the history, and an empty page ends the replay: read on.
      for (let after = from; ; ) {
        const page = await alerts.alertUpdatesAfter({ tenant, after, limit });
        const kept = page.filter(keep);
        if (kept.length > 0 || page.length < limit) return kept;
        after = page.at(-1)!.cursor;
      }
    },
    listen: (push) =>
      ctx.services.changes.subscribe((change) => {
        for (const item of change.changes) {
          if (item.kind !== 'alert' || item.tenant !== tenant) continue;
          const update = { alert: item.alert, cursor: item.at };
          if (keep(update)) push(update);
        }
      }),
  });
};

/** The change an AlertRaised made: a new alert, before any occurrence, escalation, acknowledgement or resolution. */
const isRaise = ({ alert }: AlertUpdate): boolean => alert.status === 'OPEN' && alert.occurrences === 1 && alert.level === 0 && alert.updatedAt === alert.raisedAt;

const AFTER = 'Resume after this cursor: every change since, then live ones, each once. Without it, only changes from now on.';

builder.subscriptionFields((t) => ({
  alertRaised: t.field({
    type: AlertUpdateRef,
    description: 'Each new alert of the caller’s tenant.',
    args: { after: t.arg({ type: 'LogPosition', description: AFTER }) },
    subscribe: (_root, args, ctx) => alertStream(ctx, args.after ?? null, isRaise),
    resolve: (update) => update,
  }),
  alertUpdated: t.field({
    type: AlertUpdateRef,
    description: 'Every change to the tenant’s alerts (of one alert when alertId is given).',
    args: { alertId: t.arg.id(), after: t.arg({ type: 'LogPosition', description: AFTER }) },
    subscribe: (_root, args, ctx) => alertStream(ctx, args.after ?? null, (u) => args.alertId == null || u.alert.id === String(args.alertId)),
    resolve: (update) => update,
  }),
}));
