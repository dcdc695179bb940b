import type { EmailMessage, EmailPort } from '../../sagas/emailPort.js';
import { EmailRejectedError } from '../../sagas/emailPort.js';

export type HttpEmailOptions = Readonly<{
  /** The mail API's send endpoint, e.g. https://mail.example.com/v1/messages. */
  url: string;
  from: string;
  apiKey?: string | null;
  timeoutMs?: number;
}>;

/** A temporary failure of the mail API (5xx, 408, 429, a network error or a timeout): worth another try. */
export class EmailUnavailableError extends Error {
  readonly code = 'EMAIL_UNAVAILABLE';
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'EmailUnavailableError';
  }
}

const retryableStatus = (status: number): boolean => status >= 500 || status === 408 || status === 429;

/**
 * The e-mail port for served mode: POSTs the message as JSON to a mail API, with the message id as the
 * `Idempotency-Key` header, so a retried send is not delivered twice by an API that honours it. 2xx is
 * sent; other 4xx is a refusal (EmailRejectedError, not retried); the rest is EmailUnavailableError.
 */
export const createHttpEmail = ({ url, from, apiKey = null, timeoutMs = 10_000 }: HttpEmailOptions): EmailPort => ({
  send: async (message: EmailMessage) => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': message.messageId,
          ...(apiKey === null ? {} : { authorization: `Bearer ${apiKey}` }),
        },
        body: JSON.stringify({ from, to: message.to, subject: message.subject, text: message.text, messageId: message.messageId }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new EmailUnavailableError(`Mail API unreachable: ${error instanceof Error ? error.message : String(error)}`, null);
    }
    const body = await response.text();
    if (response.ok) {
      const id = (() => {
        try {
          return (JSON.parse(body) as { id?: unknown }).id;
        } catch {
          return undefined;
        }
      })();
      return { messageId: typeof id === 'string' ? id : message.messageId };
    }
    if (retryableStatus(response.status)) throw new EmailUnavailableError(`Mail API answered ${response.status}: ${body.slice(0, 200)}`, response.status);
    throw new EmailRejectedError(`Mail API refused the message (${response.status}): ${body.slice(0, 200)}`);
  },
});
