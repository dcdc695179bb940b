import type { Decider } from '../shared/decider.js';
import type { IdentityCommand } from './commands.js';
import { decide } from './decide.js';
import type { IdentityEvent } from './events.js';
import { evolve } from './evolve.js';
import { initialState, type User } from './user.js';

/** The decider of one user stream (`user-<userId>`). */
export const identityDecider: Decider<User, IdentityCommand, IdentityEvent> = { decide, evolve, initialState };
