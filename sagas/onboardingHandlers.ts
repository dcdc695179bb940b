import type { CommandContext } from '../commands/commandBus.js';
import type { IdentityCommands } from '../commands/identity/identityCommands.js';
import type { ActionContext, ActionHandlers } from './actionHandler.js';
import type { EmailPort } from './emailPort.js';

/** How a saga appears to the command bus: the service role `saga`, in the tenant and trace of its start. */
export const sagaCommandContext = ({ tenant, sagaName, correlationId }: ActionContext): CommandContext => ({
  tenant,
  actor: `saga:${sagaName}`,
  roles: ['saga'],
  correlationId,
  traceparent: null,
});

export const welcomeEmail = ({ displayName }: { displayName: string }): { subject: string; text: string } => ({
  subject: 'Welcome to Ledgerline',
  text: `Hello ${displayName},\n\nyour Ledgerline account is ready. Sign in with this e-mail address.\n`,
});

/** The onboarding saga's actions: identity commands (idempotent per user) and the welcome e-mail (idempotent by message id). */
export const createOnboardingHandlers = ({ identity, email }: { identity: IdentityCommands; email: EmailPort }): ActionHandlers => {
  const command = (name: keyof IdentityCommands) => async (input: Readonly<Record<string, unknown>>, context: ActionContext) => {
    const result = await identity[name](input, sagaCommandContext(context));
    return { position: result.position, appended: result.appended };
  };
  return {
    'identity.createUser': command('createUser'),
    'identity.grantPermissions': command('grantPermissions'),
    'identity.completeOnboarding': command('completeOnboarding'),
    'identity.revokePermissions': command('revokePermissions'),
    'identity.deactivateUser': command('deactivateUser'),
    'email.sendWelcome': async (input, context) => {
      const { userId, email: to, displayName } = input as { userId: string; email: string; displayName: string };
      const sent = await email.send({ messageId: context.actionId, tenant: context.tenant, userId, to, ...welcomeEmail({ displayName }) });
      return { messageId: sent.messageId };
    },
  };
};
