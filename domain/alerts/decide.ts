import { assertNever } from '../shared/domainError.js';
import type { Alert, AlertStream } from './alert.js';
import { alertError } from './alertError.js';
import type { AlertCommand } from './commands.js';
import { alertIdOf, type AlertEvent } from './events.js';

/** The alert a command names: the stream's latest, or an earlier one (resolved, since only the latest can be open). */
const find = (state: AlertStream, alertId: string): Alert | 'earlier' => {
  if (state.latest?.alertId === alertId) return state.latest;
  const n = Number(alertId.slice(alertId.lastIndexOf('.') + 1));
  if (Number.isInteger(n) && n >= 1 && n < state.raised) return 'earlier';
  throw alertError('ALERT_NOT_FOUND', `Alert ${alertId} not found`, { alertId });
};

/** Alert rules. Every command is idempotent: a repeat returns []. */
export const decide = (command: AlertCommand, state: AlertStream): AlertEvent[] => {
  const { now, actor, streamKey } = command.metadata;
  switch (command.type) {
    case 'RaiseAlert': {
      const { latest } = state;
      if (latest !== null && latest.status !== 'resolved') {
        return [{ type: 'AlertOccurred', data: { alertId: latest.alertId, occurrences: latest.occurrences + 1, details: command.data.details, occurredAt: now } }];
      }
      const { dedupeKey, severity, source, subject, details } = command.data;
      return [{ type: 'AlertRaised', data: { alertId: alertIdOf(streamKey, state.raised + 1), dedupeKey, severity, source, subject, details, raisedAt: now } }];
    }
    case 'AcknowledgeAlert': {
      const alert = find(state, command.data.alertId);
      if (alert === 'earlier' || alert.status === 'resolved') throw alertError('ALERT_RESOLVED', `Alert ${command.data.alertId} is resolved`, { alertId: command.data.alertId });
      if (alert.status === 'acknowledged') return [];
      return [{ type: 'AlertAcknowledged', data: { alertId: alert.alertId, acknowledgedBy: actor, note: command.data.note, acknowledgedAt: now } }];
    }
    case 'ResolveAlert': {
      const alert = find(state, command.data.alertId);
      if (alert === 'earlier' || alert.status === 'resolved') return [];
      return [{ type: 'AlertResolved', data: { alertId: alert.alertId, resolvedBy: actor, resolution: command.data.resolution, resolvedAt: now } }];
    }
    case 'EscalateAlert': {
      const alert = find(state, command.data.alertId);
      // Only an open alert that has not reached this level escalates: acknowledging stops escalation.
      if (alert === 'earlier' || alert.status !== 'open' || alert.level >= command.data.level) return [];
      return [{ type: 'AlertEscalated', data: { alertId: alert.alertId, level: command.data.level, escalatedAt: now } }];
    }
    default:
      return assertNever(command);
  }
};
