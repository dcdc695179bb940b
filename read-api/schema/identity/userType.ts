import type { MailboxMessage } from '../../../infra/email/localMailbox.js';
import type { UserView } from '../../../projections/identity/userView.js';
import { builder } from '../builder.js';

/** GraphQL enum values cannot hold dots: ENERGY_TRADER stands for the role `energy.trader`. */
export const UserRoleEnum = builder.enumType('UserRole', {
  values: {
    ENERGY_TRADER: { value: 'energy.trader' },
    ENERGY_ANALYST: { value: 'energy.analyst' },
    ENERGY_VIEWER: { value: 'energy.viewer' },
    ENERGY_ADMIN: { value: 'energy.admin' },
  } as const,
});

export const UserStatusEnum = builder.enumType('UserStatus', { values: ['REQUESTED', 'CREATED', 'ACTIVE', 'DEACTIVATED'] as const });

export const UserRef = builder.objectRef<UserView>('User').implement({
  description: 'A user of a tenant. REQUESTED by registerUser, then onboarded by the onboarding saga (see saga(id: "onboarding-<id>")).',
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    displayName: t.exposeString('displayName'),
    roles: t.exposeStringList('roles', { description: 'e.g. energy.trader' }),
    permissions: t.exposeStringList('permissions', { description: 'Granted by onboarding from the roles; revoked when it fails.' }),
    status: t.expose('status', { type: UserStatusEnum }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why the user was deactivated.' }),
    version: t.exposeInt('version'),
    createdAt: t.exposeString('createdAt', { description: 'ISO 8601' }),
    updatedAt: t.exposeString('updatedAt', { description: 'ISO 8601' }),
  }),
});

export const MailMessageRef = builder.objectRef<MailboxMessage>('MailMessage').implement({
  description: 'A message the embedded e-mail port delivered to the local mailbox.',
  fields: (t) => ({
    messageId: t.exposeID('messageId', { description: 'The idempotency key: the saga action that sent it.' }),
    to: t.exposeString('to'),
    subject: t.exposeString('subject'),
    text: t.exposeString('text'),
    sentAt: t.exposeString('sentAt', { description: 'ISO 8601' }),
    attempts: t.exposeInt('attempts', { description: 'How often the message was handed over; delivered once.' }),
  }),
});
