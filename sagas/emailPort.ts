/**
 * The e-mail port of the sagas: a local mailbox (infra/email/localMailbox.ts) in the embedded mode and
 * tests, an HTTP mail API (infra/email/httpEmail.ts) in served mode. `messageId` is the idempotency key:
 * sending the same message again does not deliver it twice.
 */
export type EmailMessage = Readonly<{
  messageId: string;
  tenant: string;
  /** The recipient's user id, when the recipient is a user (their mailbox). */
  userId: string | null;
  to: string;
  subject: string;
  text: string;
}>;

export type EmailPort = Readonly<{ send: (message: EmailMessage) => Promise<Readonly<{ messageId: string }>> }>;

/** The recipient or the message was refused: trying again will not help. */
export class EmailRejectedError extends Error {
  readonly code = 'EMAIL_REJECTED';
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'EmailRejectedError';
  }
}
