import type { AlertUpdate } from '../../../projections/alerts/alertQueries.js';
import type { AlertView } from '../../../projections/alerts/alertView.js';
import { requirePrincipal } from '../../auth/authorize.js';
import { builder } from '../builder.js';

export const AlertSeverityEnum = builder.enumType('AlertSeverity', { values: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const });
export const AlertStatusEnum = builder.enumType('AlertStatus', { values: ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] as const });

export const AlertRef = builder.objectRef<AlertView>('Alert');

export const AlertUpdateRef = builder.objectRef<AlertUpdate>('AlertUpdate').implement({
  fields: (t) => ({
    alert: t.field({ type: AlertRef, resolve: (u) => u.alert }),
    cursor: t.expose('cursor', { type: 'LogPosition', description: 'The log position of this change: resume with `after`.' }),
  }),
});

AlertRef.implement({
  description: 'An alert. Raising again with the dedupe key of an unresolved alert counts an occurrence; unacknowledged, it escalates.',
  fields: (t) => ({
    id: t.exposeID('id'),
    dedupeKey: t.exposeString('dedupeKey'),
    severity: t.expose('severity', { type: AlertSeverityEnum }),
    source: t.exposeString('source'),
    subject: t.exposeString('subject'),
    details: t.exposeString('details'),
    status: t.expose('status', { type: AlertStatusEnum }),
    occurrences: t.exposeInt('occurrences'),
    level: t.exposeInt('level', { description: 'Escalation level: 0 until the escalation saga raises it.' }),
    raisedAt: t.exposeString('raisedAt'),
    lastOccurredAt: t.exposeString('lastOccurredAt'),
    acknowledgedAt: t.exposeString('acknowledgedAt', { nullable: true }),
    acknowledgedBy: t.exposeString('acknowledgedBy', { nullable: true }),
    resolvedAt: t.exposeString('resolvedAt', { nullable: true }),
    resolvedBy: t.exposeString('resolvedBy', { nullable: true }),
    updatedAt: t.exposeString('updatedAt'),
    version: t.exposeInt('version'),
    history: t.field({
      type: [AlertUpdateRef],
      description: 'Every version of this alert, oldest first.',
      resolve: (alert, _args, ctx) => ctx.services.alerts.alertHistory({ tenant: requirePrincipal(ctx).tenant, id: alert.id }),
    }),
  }),
});
