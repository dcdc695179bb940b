import { z } from 'zod';
import type { EventOf } from '../shared/eventOf.js';

/**
 * Automation events, declared once in zod. An automation (stream `automation-<id>`) reacts to events of one
 * type of its tenant whose data match its filter, by calling a webhook or sending a command. The filter
 * and the command's input travel as JSON text, so the Avro contract stays closed.
 */
export const automationActionKinds = ['WEBHOOK', 'COMMAND'] as const;

export const automationCreated = z.object({
  automationId: z.string(),
  name: z.string(),
  eventType: z.string(),
  /** JSON object: dotted paths into the event's data and the values they must equal. */
  filter: z.string(),
  action: z.object({
    kind: z.enum(automationActionKinds),
    url: z.string().nullable(),
    command: z.string().nullable(),
    /** JSON object; a string value `{{data.x}}` is replaced by the event's field. */
    input: z.string(),
  }),
  /** Failed deliveries are parked after this many tries. */
  maxAttempts: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const automationDisabled = z.object({ automationId: z.string(), disabledBy: z.string(), disabledAt: z.string() });

export const automationEventSchemas = { AutomationCreated: automationCreated, AutomationDisabled: automationDisabled } as const;

type Schemas = typeof automationEventSchemas;
export type AutomationEventType = keyof Schemas;
export type AutomationEvent = EventOf<Schemas>;
export const automationEventTypes = Object.keys(automationEventSchemas) as AutomationEventType[];

export const automationStreamId = (automationId: string): string => `automation-${automationId}`;

export const parseAutomationEvent = ({ type, data }: Readonly<{ type: string; data: unknown }>): AutomationEvent | null => {
  if (!Object.hasOwn(automationEventSchemas, type)) return null;
  return { type, data: automationEventSchemas[type as AutomationEventType].parse(data) } as AutomationEvent;
};
