import { z } from 'zod';
import { alertSeverity } from './events.js';

/** Alert commands: `data` from the caller; the bus adds the time, the actor and the dedupe key's stream key. */
const text = (max: number) => z.string().trim().min(1).max(max);
export const alertId = z.string().regex(/^[0-9a-f]{1,64}\.\d+$/, 'an alert id as raiseAlert returned it');

export const raiseAlertData = z.object({
  severity: alertSeverity,
  source: text(128),
  subject: text(500),
  /** Raising again with the key of an alert that is not resolved counts an occurrence of it. */
  dedupeKey: text(256),
  details: z.string().max(10_000).default(''),
});
export const acknowledgeAlertData = z.object({ alertId, note: z.string().max(1000).nullable().default(null) });
export const resolveAlertData = z.object({ alertId, resolution: z.string().max(1000).nullable().default(null) });
export const escalateAlertData = z.object({ alertId, level: z.number().int().min(1).max(100) });

export type AlertCommandMetadata = Readonly<{ now: string; actor: string; streamKey: string }>;

type Of<T extends string, S extends z.ZodType> = Readonly<{ type: T; data: z.infer<S>; metadata: AlertCommandMetadata }>;
export type RaiseAlert = Of<'RaiseAlert', typeof raiseAlertData>;
export type AcknowledgeAlert = Of<'AcknowledgeAlert', typeof acknowledgeAlertData>;
export type ResolveAlert = Of<'ResolveAlert', typeof resolveAlertData>;
export type EscalateAlert = Of<'EscalateAlert', typeof escalateAlertData>;
export type AlertCommand = RaiseAlert | AcknowledgeAlert | ResolveAlert | EscalateAlert;
