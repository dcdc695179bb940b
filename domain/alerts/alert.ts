import type { AlertSeverity } from './events.js';

/** The latest alert of a dedupe key's stream (earlier ones are resolved), and how many were raised. */
export type Alert = Readonly<{
  alertId: string;
  severity: AlertSeverity;
  status: 'open' | 'acknowledged' | 'resolved';
  occurrences: number;
  level: number;
}>;

export type AlertStream = Readonly<{ raised: number; latest: Alert | null }>;

export const initialState = (): AlertStream => ({ raised: 0, latest: null });
