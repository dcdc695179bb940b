import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  completeOnboardingData, createUserData, deactivateUserData, grantPermissionsData, registerUserData, revokePermissionsData, type IdentityCommand,
} from '../../domain/identity/commands.js';
import { parseIdentityEvent, userStreamId, type IdentityEvent } from '../../domain/identity/events.js';
import { identityDecider } from '../../domain/identity/identityDecider.js';
import { identityError } from '../../domain/identity/identityError.js';
import type { User } from '../../domain/identity/user.js';
import { createCommandBus, type CommandContext, type CommandDefinition, type CommandResult } from '../commandBus.js';
import type { EventStore, RecordedEvent } from '../eventStore.js';
import type { Log } from '../log.js';
import type { Permission } from '../permissions.js';

export type UserCommandResult = CommandResult & Readonly<{ userId: string }>;
type Run = (input: unknown, context: CommandContext) => Promise<UserCommandResult>;

/** The identity commands as the gateway (registerUser) and the onboarding saga (the rest) send them. */
export type IdentityCommands = Readonly<{
  /** Generates the user id (a random UUID) when the input has none; starts the onboarding saga. */
  registerUser: Run;
  createUser: Run;
  grantPermissions: Run;
  completeOnboarding: Run;
  revokePermissions: Run;
  deactivateUser: Run;
}>;

const toIdentityEvent = (event: RecordedEvent): IdentityEvent => {
  const parsed = parseIdentityEvent(event);
  if (parsed === null) throw new Error(`${event.streamId} holds ${event.type}, which is not an identity event`);
  return parsed;
};

/** Another tenant's user looks absent; its id, though, is taken. */
const foreignUser = (command: IdentityCommand): Error =>
  command.type === 'RegisterUser'
    ? identityError('USER_ID_CONFLICT', `User id ${command.data.userId} is taken`, { userId: command.data.userId })
    : identityError('USER_NOT_FOUND', `User ${command.data.userId} not found`, { userId: command.data.userId });

const hasUserId = (input: unknown): boolean => typeof input === 'object' && input !== null && (input as { userId?: unknown }).userId != null;
const registerUserInput = registerUserData.extend({ userId: z.preprocess((id) => id ?? randomUUID(), registerUserData.shape.userId) });

export const createIdentityCommands = ({ store, clock = () => new Date(), log }: { store: EventStore; clock?: () => Date; log?: Log }): IdentityCommands => {
  const bus = createCommandBus({ store, ...(log ? { log } : {}) });
  const run = <Data extends Readonly<{ userId: string }>>(type: IdentityCommand['type'], permission: Permission, schema: z.ZodType<Data>, isNew: (input: unknown) => boolean = () => false): Run => {
    const definition: CommandDefinition<Data, IdentityCommand, User, IdentityEvent> = {
      name: type,
      permission,
      schema,
      streamId: (data) => userStreamId(data.userId),
      toCommand: (data) => ({ type, data, metadata: { now: clock().toISOString() } }) as IdentityCommand,
      decider: identityDecider,
      toEvent: toIdentityEvent,
      foreignStream: foreignUser,
    };
    return async (input, context) => {
      const { data, result } = await bus.execute(definition, input, context, { newStream: isNew(input) });
      return { ...result, userId: data.userId };
    };
  };
  return {
    registerUser: run('RegisterUser', 'user.register', registerUserInput, (input) => !hasUserId(input)),
    createUser: run('CreateUser', 'user.manage', createUserData),
    grantPermissions: run('GrantPermissions', 'user.manage', grantPermissionsData),
    completeOnboarding: run('CompleteOnboarding', 'user.manage', completeOnboardingData),
    revokePermissions: run('RevokePermissions', 'user.manage', revokePermissionsData),
    deactivateUser: run('DeactivateUser', 'user.manage', deactivateUserData),
  };
};
