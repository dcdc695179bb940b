import type { z } from 'zod';
import type { automationCreated } from './events.js';

export type AutomationDefinition = z.infer<typeof automationCreated>;

export type Automation =
  | Readonly<{ status: 'none' }>
  | (Readonly<{ status: 'active' | 'disabled' }> & AutomationDefinition);

export const initialState = (): Automation => ({ status: 'none' });
