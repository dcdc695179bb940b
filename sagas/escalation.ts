import { alertRaised, type AlertSeverity } from '../domain/alerts/events.js';
import type { SagaDefinition, SagaInput, SagaReaction, SagaStepStatus, SagaSummary } from './saga.js';

export const ESCALATION = 'escalation';

export type EscalationPolicy = Readonly<{
  /** How long an alert of each severity may stay unacknowledged before it escalates (again). */
  windowMs: Readonly<Record<AlertSeverity, number>>;
  maxLevel: number;
}>;

const MINUTE = 60_000;
export const defaultEscalationPolicy: EscalationPolicy = {
  windowMs: { critical: 5 * MINUTE, high: 15 * MINUTE, medium: 60 * MINUTE, low: 240 * MINUTE },
  maxLevel: 3,
};

type Level = Readonly<{ level: number; status: SagaStepStatus; detail: string | null }>;

export type EscalationState =
  | Readonly<{ status: 'idle' }>
  | Readonly<{
      status: 'running' | 'completed';
      alertId: string;
      severity: AlertSeverity;
      subject: string;
      level: number;
      /** When the next escalation is due (null at the maximum level or once stopped). */
      nextDueAt: string | null;
      levels: readonly Level[];
      stoppedBy: string | null;
    }>;

type Active = Exclude<EscalationState, { status: 'idle' }>;

const timerKey = (level: number): string => `escalate:${level}`;
const plus = (iso: string, ms: number): string => new Date(new Date(iso).getTime() + ms).toISOString();

/**
 * Escalates an alert that nobody acknowledges: after its severity's window it goes a level up (the
 * EscalateAlert command) and the on-call of that level is notified (a side effect through a port), then
 * again after another window, up to `maxLevel`. AlertAcknowledged or AlertResolved stops it and cancels
 * the pending timer.
 */
export const createEscalationSaga = (policy: EscalationPolicy = defaultEscalationPolicy): SagaDefinition<EscalationState> => {
  const schedule = (state: Active, level: number, from: string): { state: Active; timers: SagaReaction<EscalationState>['timers'] } => {
    if (level > policy.maxLevel) return { state: { ...state, nextDueAt: null }, timers: [] };
    const dueAt = plus(from, policy.windowMs[state.severity]);
    return { state: { ...state, nextDueAt: dueAt }, timers: [{ key: timerKey(level), name: 'escalate', dueAt }] };
  };

  const onEvent = (state: EscalationState, input: Extract<SagaInput, { kind: 'event' }>): SagaReaction<EscalationState> | null => {
    if (input.type === 'AlertRaised') {
      if (state.status !== 'idle') return null;
      const { alertId, severity, subject, raisedAt } = alertRaised.parse(input.data);
      const started: Active = { status: 'running', alertId, severity, subject, level: 0, nextDueAt: null, levels: [], stoppedBy: null };
      const next = schedule(started, 1, raisedAt);
      return { state: next.state, timers: next.timers ?? [] };
    }
    if (state.status !== 'running') return null; // acknowledged or resolved before: nothing more to stop
    const stopped: Active = { ...state, status: 'completed', nextDueAt: null, stoppedBy: input.type };
    return { state: stopped, cancelTimers: [timerKey(state.level + 1)] };
  };

  const onTimer = (state: EscalationState, input: Extract<SagaInput, { kind: 'timer' }>): SagaReaction<EscalationState> | null => {
    if (state.status !== 'running' || input.key !== timerKey(state.level + 1)) return null;
    const level = state.level + 1;
    const escalated: Active = { ...state, level, levels: [...state.levels, { level, status: 'running', detail: null }] };
    const next = schedule(escalated, level + 1, state.nextDueAt ?? input.at);
    const { alertId, severity, subject } = state;
    return {
      state: next.state,
      timers: next.timers ?? [],
      actions: [{ key: `escalate:${level}`, name: 'alerts.escalate', input: { alertId, level, severity, subject } }],
    };
  };

  /** The level went up in the alert's stream: notify its on-call. Not appended: someone acknowledged it first. */
  const onEscalated = (state: Active, input: Extract<SagaInput, { kind: 'actionSucceeded' | 'actionFailed' }>, level: number): SagaReaction<EscalationState> => {
    if (input.kind === 'actionSucceeded' && input.result['appended'] === true) {
      const { alertId, severity, subject } = state;
      return { state, actions: [{ key: `notify:${level}`, name: 'alerts.notify', input: { alertId, level, severity, subject } }] };
    }
    const detail = input.kind === 'actionFailed' ? `${input.error.code}: ${input.error.message}` : 'not escalated: acknowledged or resolved first';
    return { state: { ...state, levels: state.levels.map((l) => (l.level === level ? { level, status: input.kind === 'actionFailed' ? 'failed' : 'skipped', detail } : l)) } };
  };

  const onOutcome = (state: EscalationState, input: Extract<SagaInput, { kind: 'actionSucceeded' | 'actionFailed' }>): SagaReaction<EscalationState> | null => {
    if (state.status === 'idle') return null;
    if (input.key.startsWith('escalate:')) return onEscalated(state, input, Number(input.key.slice('escalate:'.length)));
    if (!input.key.startsWith('notify:')) return null;
    const level = Number(input.key.slice('notify:'.length));
    const outcome: Level =
      input.kind === 'actionSucceeded' ? { level, status: 'done', detail: null } : { level, status: 'failed', detail: `${input.error.code}: ${input.error.message}` };
    return { state: { ...state, levels: state.levels.map((l) => (l.level === level ? outcome : l)) } };
  };

  const react = (state: EscalationState, input: SagaInput): SagaReaction<EscalationState> | null => {
    switch (input.kind) {
      case 'event':
        return onEvent(state, input);
      case 'timer':
        return onTimer(state, input);
      case 'actionSucceeded':
      case 'actionFailed':
        return onOutcome(state, input);
    }
  };

  const describe = (state: EscalationState): SagaSummary =>
    state.status === 'idle'
      ? { status: 'running', steps: [], failure: null }
      : {
          status: state.status,
          steps: state.levels.map(({ level, status, detail }) => ({ name: `level ${level}`, status, detail })),
          failure: null,
        };

  return {
    name: ESCALATION,
    eventTypes: ['AlertRaised', 'AlertAcknowledged', 'AlertResolved'],
    sagaIdOf: (event) => (typeof event.data['alertId'] === 'string' ? event.data['alertId'] : null),
    initialState: () => ({ status: 'idle' }),
    react,
    describe,
  };
};
