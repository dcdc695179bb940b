import type { Decider } from '../shared/decider.js';
import type { DocumentCommand } from './commands.js';
import { decide } from './decide.js';
import { initialState, type Document } from './document.js';
import type { DocumentEvent } from './events.js';
import { evolve } from './evolve.js';

export const documentDecider: Decider<Document, DocumentCommand, DocumentEvent> = { decide, evolve, initialState };
