import { callerContext, requirePermission, requirePrincipal } from '../../auth/authorize.js';
import type { GraphQLContext } from '../../context.js';
import { builder } from '../builder.js';
import { consistentWith } from '../consistentWith.js';
import { MailMessageRef, UserRef, UserRoleEnum } from './userType.js';

/** A user reads themselves; anyone else needs user.read (energy.admin). */
const readUser = (ctx: GraphQLContext, userId: string): string => {
  const principal = requirePrincipal(ctx);
  if (principal.sub === userId) return principal.tenant;
  return requirePermission(ctx, 'user.read').tenant;
};

const RegisterUserInput = builder.inputType('RegisterUserInput', {
  fields: (t) => ({
    userId: t.id({ description: 'Chosen by the client for idempotency; generated when absent.' }),
    email: t.string({ required: true }),
    displayName: t.string({ required: true }),
    roles: t.field({ type: [UserRoleEnum], required: true }),
  }),
});

type Registered = Readonly<{ userId: string; position: number; appended: boolean }>;

const RegisterUserPayload = builder.objectRef<Registered>('RegisterUserPayload').implement({
  description: 'The registration is recorded; the onboarding saga then creates the user, e-mails them and grants their permissions.',
  fields: (t) => ({
    userId: t.exposeID('userId'),
    consistencyToken: t.expose('position', { type: 'LogPosition' }),
    appended: t.exposeBoolean('appended', { description: 'false when the same registration was sent again.' }),
    sagaId: t.string({ resolve: (r) => `onboarding-${r.userId}`, description: 'Follow the onboarding with saga(id) or sagaUpdated.' }),
    user: t.field({
      type: UserRef,
      nullable: true,
      resolve: async (r, _args, ctx) => {
        await consistentWith(ctx, r.position, ['users']);
        return ctx.services.identity.getUser({ tenant: callerContext(ctx).tenant, id: r.userId });
      },
    }),
  }),
});

builder.mutationFields((t) => ({
  registerUser: t.field({
    type: RegisterUserPayload,
    description: 'Needs user.register (energy.admin). Starts the onboarding saga.',
    args: { input: t.arg({ type: RegisterUserInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const caller = callerContext(ctx);
      const { userId, position, appended } = await ctx.services.identity.registerUser(
        { ...(input.userId == null ? {} : { userId: String(input.userId) }), email: input.email, displayName: input.displayName, roles: input.roles },
        caller,
      );
      ctx.log.info({ command: 'registerUser', userId, position, appended }, 'command handled');
      return { userId, position, appended };
    },
  }),
}));

builder.queryFields((t) => ({
  user: t.field({
    type: UserRef,
    nullable: true,
    description: 'A user of the caller’s tenant (yourself, or anyone with user.read).',
    args: { id: t.arg.id({ required: true }), consistentWith: t.arg({ type: 'LogPosition' }) },
    resolve: async (_root, args, ctx) => {
      const tenant = readUser(ctx, String(args.id));
      await consistentWith(ctx, args.consistentWith, ['users']);
      return ctx.services.identity.getUser({ tenant, id: String(args.id) });
    },
  }),
  mailbox: t.field({
    type: [MailMessageRef],
    description: 'The local mailbox of a user (embedded mode): the messages the e-mail port delivered, oldest first.',
    args: { userId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => ctx.services.identity.mailbox({ tenant: readUser(ctx, String(args.userId)), userId: String(args.userId) }),
  }),
}));
