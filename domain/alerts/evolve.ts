import { assertNever } from '../shared/domainError.js';
import type { AlertStream } from './alert.js';
import type { AlertEvent } from './events.js';

export const evolve = (state: AlertStream, event: AlertEvent): AlertStream => {
  const { latest } = state;
  const same = latest !== null && latest.alertId === event.data.alertId;
  switch (event.type) {
    case 'AlertRaised':
      return { raised: state.raised + 1, latest: { alertId: event.data.alertId, severity: event.data.severity, status: 'open', occurrences: 1, level: 0 } };
    case 'AlertOccurred':
      return same ? { ...state, latest: { ...latest, occurrences: event.data.occurrences } } : state;
    case 'AlertAcknowledged':
      return same ? { ...state, latest: { ...latest, status: 'acknowledged' } } : state;
    case 'AlertEscalated':
      return same ? { ...state, latest: { ...latest, level: event.data.level } } : state;
    case 'AlertResolved':
      return same ? { ...state, latest: { ...latest, status: 'resolved' } } : state;
    default:
      return assertNever(event);
  }
};
