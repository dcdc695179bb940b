import type { AutomationCommands } from '../../../commands/automations/automationCommands.js';
import type { Sql } from '../../../infra/db/db.js';
import { automationDeliveries, getAutomation, listAutomations } from '../../../projections/automations/automationQueries.js';
import type { AutomationDelivery, AutomationView } from '../../../projections/automations/automationView.js';
import type { CallerContext } from '../../gatewayServices.js';

export type AutomationCommandOutcome = Readonly<{ automationId: string; position: number; appended: boolean }>;

/** Automations as the gateway uses them. */
export type AutomationServices = Readonly<{
  createAutomation: (input: unknown, caller: CallerContext) => Promise<AutomationCommandOutcome>;
  disableAutomation: (input: unknown, caller: CallerContext) => Promise<AutomationCommandOutcome>;
  getAutomation: (q: { tenant: string; id: string }) => Promise<AutomationView | null>;
  listAutomations: (q: { tenant: string }) => Promise<readonly AutomationView[]>;
  deliveries: (q: { tenant: string; automationId?: string | null; deliveryId?: string | null; first?: number }) => Promise<readonly AutomationDelivery[]>;
  /** false when the tenant has no parked delivery with this id. */
  replayDelivery: (q: { tenant: string; id: string }) => Promise<boolean>;
  /** The signing secret of an automation's webhooks. */
  secretOf: (tenant: string, automationId: string) => string;
}>;

export const bindAutomationServices = ({ sql, automations, replay, secretOf }: { sql: Sql; automations: AutomationCommands; replay: AutomationServices['replayDelivery']; secretOf: AutomationServices['secretOf'] }): AutomationServices => ({
  createAutomation: (input, caller) => automations.createAutomation(input, caller),
  disableAutomation: (input, caller) => automations.disableAutomation(input, caller),
  getAutomation: (q) => getAutomation(sql, q),
  listAutomations: (q) => listAutomations(sql, q),
  deliveries: (q) => automationDeliveries(sql, q),
  replayDelivery: replay,
  secretOf,
});
