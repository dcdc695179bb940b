import { z } from 'zod';

/** The commands an automation may send, by name. */
export const automationCommandNames = ['raiseAlert'] as const;

const json = z.record(z.string(), z.unknown());

export const createAutomationData = z.object({
  automationId: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/),
  name: z.string().trim().min(1).max(200),
  trigger: z.object({
    eventType: z.string().regex(/^[A-Z][A-Za-z0-9]{0,99}$/, 'an event type such as TradeFilled'),
    filter: z.record(z.string().min(1).max(200), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
  }),
  action: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('WEBHOOK'), url: z.url({ protocol: /^https?$/ }) }),
    z.object({ kind: z.literal('COMMAND'), command: z.enum(automationCommandNames), input: json.default({}) }),
  ]),
  maxAttempts: z.number().int().min(1).max(20).default(5),
});

export const disableAutomationData = z.object({ automationId: z.string().min(1).max(128) });

export type AutomationCommandMetadata = Readonly<{ now: string; actor: string }>;
export type CreateAutomation = Readonly<{ type: 'CreateAutomation'; data: z.infer<typeof createAutomationData>; metadata: AutomationCommandMetadata }>;
export type DisableAutomation = Readonly<{ type: 'DisableAutomation'; data: z.infer<typeof disableAutomationData>; metadata: AutomationCommandMetadata }>;
export type AutomationCommand = CreateAutomation | DisableAutomation;
