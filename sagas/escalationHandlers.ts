import type { AlertCommands } from '../commands/alerts/alertCommands.js';
import type { ActionHandlers } from './actionHandler.js';
import type { EmailPort } from './emailPort.js';
import { sagaCommandContext } from './onboardingHandlers.js';

/** Who is on call at an escalation level: a user with a mailbox, and an address. */
export type OnCall = (tenant: string, level: number) => Readonly<{ userId: string; email: string }>;

export const defaultOnCall: OnCall = (_tenant, level) => ({ userId: `on-call-${level}`, email: `on-call-${level}@ledgerline.local` });

/** The escalation saga's actions: the EscalateAlert command and the notification (an e-mail to the level's on-call). */
export const createEscalationHandlers = ({ alerts, email, onCall = defaultOnCall }: { alerts: AlertCommands; email: EmailPort; onCall?: OnCall }): ActionHandlers => ({
  'alerts.escalate': async (input, context) => {
    const result = await alerts.escalateAlert(input, sagaCommandContext(context));
    return { position: result.position, appended: result.appended };
  },
  'alerts.notify': async (input, context) => {
    const { alertId, level, severity, subject } = input as { alertId: string; level: number; severity: string; subject: string };
    const recipient = onCall(context.tenant, level);
    const sent = await email.send({
      messageId: context.actionId,
      tenant: context.tenant,
      userId: recipient.userId,
      to: recipient.email,
      subject: `[${severity.toUpperCase()}] escalation level ${level}: ${subject}`,
      text: `Alert ${alertId} (${severity}) has not been acknowledged and is escalated to level ${level}.\n\n${subject}\n`,
    });
    return { messageId: sent.messageId, to: recipient.email };
  },
});
