import { permissionsOfRoles } from '../domain/identity/permissions.js';
import { userRegistrationRequested } from '../domain/identity/events.js';
import { createStepSaga } from './stepSaga.js';

/** What the onboarding saga knows of the user it onboards. */
export type OnboardingContext = Readonly<{ userId: string; email: string; displayName: string; roles: readonly string[]; permissions: readonly string[] }>;

export const ONBOARDING = 'onboarding';

/**
 * registerUser → create the user, send the welcome e-mail, grant the permissions of the user's roles,
 * complete. A step that fails for good revokes the permissions and deactivates the user (reverse order),
 * and the saga ends failed with the step and the reason. The e-mail has no compensation: it cannot be unsent.
 */
export const onboardingSaga = createStepSaga<OnboardingContext>({
  name: ONBOARDING,
  eventTypes: ['UserRegistrationRequested'],
  sagaIdOf: (event) => (event.type === 'UserRegistrationRequested' ? String(event.data['userId']) : null),
  start: ({ data }) => {
    const { userId, email, displayName, roles } = userRegistrationRequested.parse(data);
    return { userId, email, displayName, roles, permissions: permissionsOfRoles(roles) };
  },
  steps: [
    {
      name: 'createUser',
      action: ({ userId }) => ({ name: 'identity.createUser', input: { userId } }),
      compensation: ({ userId }, failure) => ({ name: 'identity.deactivateUser', input: { userId, reason: `onboarding failed at ${failure.step}: ${failure.code}` } }),
    },
    {
      name: 'sendWelcomeEmail',
      action: ({ userId, email, displayName }) => ({ name: 'email.sendWelcome', input: { userId, email, displayName } }),
    },
    {
      name: 'assignPermissions',
      action: ({ userId, permissions }) => ({ name: 'identity.grantPermissions', input: { userId, permissions } }),
      compensation: ({ userId }, failure) => ({ name: 'identity.revokePermissions', input: { userId, reason: `onboarding failed at ${failure.step}: ${failure.code}` } }),
    },
    {
      name: 'complete',
      action: (context) => ({ name: 'identity.completeOnboarding', input: { userId: context.userId, welcomeMessageId: (context as { messageId?: string }).messageId ?? null } }),
    },
  ],
});
