import type { RecordedEvent } from '../../commands/eventStore.js';
import { parseAlertEvent } from '../../domain/alerts/events.js';

/** An alert as the read model and GraphQL show it. */
export type AlertView = Readonly<{
  id: string;
  tenant: string;
  dedupeKey: string;
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
  source: string;
  subject: string;
  details: string;
  status: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';
  occurrences: number;
  level: number;
  raisedAt: string;
  lastOccurredAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  updatedAt: string;
  /** The version of the dedupe key's stream this view reflects. */
  version: number;
}>;

export const alertViewKey = (tenant: string, id: string): string => `${tenant}\n${id}`;

export const alertKeyOf = (event: RecordedEvent): string | null =>
  typeof event.data['alertId'] === 'string' ? alertViewKey(event.metadata.tenant, event.data['alertId']) : null;

/** Folds one alert event into the view of its alert (null: not an alert event, or an alert never raised). */
export const evolveAlertView = (view: AlertView | null, event: RecordedEvent): AlertView | null => {
  const parsed = parseAlertEvent(event);
  if (parsed === null) return view;
  const { version } = event;
  switch (parsed.type) {
    case 'AlertRaised': {
      const { alertId, dedupeKey, severity, source, subject, details, raisedAt } = parsed.data;
      return {
        id: alertId, tenant: event.metadata.tenant, dedupeKey, severity: severity.toUpperCase() as AlertView['severity'], source, subject, details,
        status: 'OPEN', occurrences: 1, level: 0, raisedAt, lastOccurredAt: raisedAt,
        acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null, updatedAt: raisedAt, version,
      };
    }
    case 'AlertOccurred':
      return view && { ...view, occurrences: parsed.data.occurrences, details: parsed.data.details || view.details, lastOccurredAt: parsed.data.occurredAt, updatedAt: parsed.data.occurredAt, version };
    case 'AlertAcknowledged':
      return view && { ...view, status: 'ACKNOWLEDGED', acknowledgedAt: parsed.data.acknowledgedAt, acknowledgedBy: parsed.data.acknowledgedBy, updatedAt: parsed.data.acknowledgedAt, version };
    case 'AlertEscalated':
      return view && { ...view, level: parsed.data.level, updatedAt: parsed.data.escalatedAt, version };
    case 'AlertResolved':
      return view && { ...view, status: 'RESOLVED', resolvedAt: parsed.data.resolvedAt, resolvedBy: parsed.data.resolvedBy, updatedAt: parsed.data.resolvedAt, version };
  }
};
