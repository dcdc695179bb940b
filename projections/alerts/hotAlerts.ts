import type { AlertView } from './alertView.js';

/** A change of one alert at its log position. */
export type AlertChange = Readonly<{ at: number; alert: AlertView }>;

/**
 * The hot copy of the open (unresolved) alerts, most severe first, then oldest first (Redis in served
 * mode). `apply` is idempotent by log position: changes at or below the copy's checkpoint are skipped, a
 * resolved alert leaves the copy, and the checkpoint moves to `position` with the writes.
 */
export interface HotAlerts {
  apply(changes: readonly AlertChange[], position: number): Promise<void>;
  /** Open and acknowledged alerts of a tenant (of one severity, or one status, when given). */
  listOpen(tenant: string, options?: { severity?: AlertView['severity'] | null; status?: 'OPEN' | 'ACKNOWLEDGED' | null; first?: number }): Promise<AlertView[]>;
  checkpoint(): Promise<number>;
}

const SEVERITY_RANK: Readonly<Record<AlertView['severity'], number>> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };
const RANK_WIDTH = 1e13; // milliseconds of epoch time fit below it until the year 2286

/** The order of the hot copy as one number: severity first, then the time the alert was raised. */
export const hotAlertScore = (alert: AlertView): number => SEVERITY_RANK[alert.severity] * RANK_WIDTH + new Date(alert.raisedAt).getTime();

export const severityScoreRange = (severity: AlertView['severity']): readonly [number, number] => [SEVERITY_RANK[severity] * RANK_WIDTH, (SEVERITY_RANK[severity] + 1) * RANK_WIDTH - 1];
