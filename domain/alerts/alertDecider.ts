import type { Decider } from '../shared/decider.js';
import { initialState, type AlertStream } from './alert.js';
import type { AlertCommand } from './commands.js';
import { decide } from './decide.js';
import type { AlertEvent } from './events.js';
import { evolve } from './evolve.js';

/** The decider of one dedupe key's stream (`alert-<key>`). */
export const alertDecider: Decider<AlertStream, AlertCommand, AlertEvent> = { decide, evolve, initialState };
