import type { Decider } from '../shared/decider.js';
import type { SyncCommand } from './commands.js';
import { decide } from './decide.js';
import type { SyncEvent } from './events.js';
import { evolve } from './evolve.js';
import { initialState, type SyncRecord } from './syncRecord.js';

/** The decider of one shared record's stream (`sync-<key>`). */
export const syncDecider: Decider<SyncRecord, SyncCommand, SyncEvent> = { decide, evolve, initialState };
