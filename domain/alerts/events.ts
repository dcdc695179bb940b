import { z } from 'zod';
import type { EventOf } from '../shared/eventOf.js';

/**
 * Alert events, declared once in zod. The alerts of one dedupe key (per tenant) share a stream
 * `alert-<key>`: at most one of them is not resolved at a time, and the n-th alert of the stream has
 * the id `<key>.<n>`.
 */
export const alertSeverities = ['critical', 'high', 'medium', 'low'] as const;
export const alertSeverity = z.enum(alertSeverities);
export type AlertSeverity = z.infer<typeof alertSeverity>;

export const alertRaised = z.object({
  alertId: z.string(),
  dedupeKey: z.string(),
  severity: alertSeverity,
  source: z.string(),
  subject: z.string(),
  /** Free text or JSON, as the source sent it. */
  details: z.string(),
  raisedAt: z.string(),
});
export const alertOccurred = z.object({ alertId: z.string(), occurrences: z.number().int(), details: z.string(), occurredAt: z.string() });
export const alertAcknowledged = z.object({ alertId: z.string(), acknowledgedBy: z.string(), note: z.string().nullable(), acknowledgedAt: z.string() });
export const alertEscalated = z.object({ alertId: z.string(), level: z.number().int(), escalatedAt: z.string() });
export const alertResolved = z.object({ alertId: z.string(), resolvedBy: z.string(), resolution: z.string().nullable(), resolvedAt: z.string() });

export const alertEventSchemas = {
  AlertRaised: alertRaised,
  AlertOccurred: alertOccurred,
  AlertAcknowledged: alertAcknowledged,
  AlertEscalated: alertEscalated,
  AlertResolved: alertResolved,
} as const;

type Schemas = typeof alertEventSchemas;
export type AlertEventType = keyof Schemas;
export type AlertEvent = EventOf<Schemas>;
export const alertEventTypes = Object.keys(alertEventSchemas) as AlertEventType[];

export const alertStreamId = (key: string): string => `alert-${key}`;

const ALERT_ID = /^([0-9a-f]{1,64})\.(\d+)$/;

/** `<key>.<n>` → the stream of its dedupe key, or null for an id this code did not make. */
export const alertStreamOf = (alertId: string): string | null => {
  const match = ALERT_ID.exec(alertId);
  return match === null ? null : alertStreamId(match[1]!);
};

export const alertIdOf = (key: string, n: number): string => `${key}.${n}`;

const isAlertEventType = (type: string): type is AlertEventType => Object.hasOwn(alertEventSchemas, type);

export const parseAlertEvent = ({ type, data }: Readonly<{ type: string; data: unknown }>): AlertEvent | null =>
  isAlertEventType(type) ? ({ type, data: alertEventSchemas[type].parse(data) } as AlertEvent) : null;
