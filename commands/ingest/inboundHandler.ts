import { DomainError } from '../../domain/shared/domainError.js';
import { CommandValidationError, ForbiddenError } from '../errors.js';

/** A message of another system, as an inbound consumer hands it over (the transport stays in infra/kafka). */
export type InboundMessage = Readonly<{
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Readonly<Record<string, string>>;
}>;

/** The port an anti-corruption mapping implements: turn one message into commands. */
export type InboundHandler = Readonly<{
  topic: string;
  /** Throws InboundRejection for a message that can never succeed (it goes to the DLQ); any other error is retried. */
  handle: (message: InboundMessage) => Promise<void>;
}>;

/** A message that cannot be decoded, validated or accepted: retrying cannot help. */
export class InboundRejection extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'InboundRejection';
  }
}

/** Broken rules, invalid input and missing permissions are permanent; anything else (conflicts, I/O) is transient. */
export const asRejection = (error: unknown): InboundRejection | null => {
  if (error instanceof InboundRejection) return error;
  if (error instanceof DomainError || error instanceof CommandValidationError || error instanceof ForbiddenError) return new InboundRejection(error.code, error.message);
  return null;
};
