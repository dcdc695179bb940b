import type { EmailMessage, EmailPort } from '../../sagas/emailPort.js';
import { EmailRejectedError } from '../../sagas/emailPort.js';
import type { Sql } from '../db/db.js';

export type MailboxMessage = Readonly<{ messageId: string; userId: string | null; to: string; subject: string; text: string; sentAt: string; attempts: number }>;

/** RFC 2606 reserves `.invalid`: no mail to it can be delivered, so the local mailbox refuses it for good. */
const undeliverable = (to: string): boolean => /\.invalid$/i.test(to.trim());

/**
 * The e-mail port of the embedded mode and the tests: messages land in ll_mailbox, once per message id
 * (a repeated send counts an attempt and delivers nothing new). `now` gives the time of delivery.
 */
export const createLocalMailbox = ({ sql, now = () => new Date() }: { sql: Sql; now?: () => Date }): EmailPort => ({
  send: async (message: EmailMessage) => {
    if (undeliverable(message.to)) throw new EmailRejectedError(`${message.to} cannot receive mail`);
    await sql.query(
      `INSERT INTO ll_mailbox (message_id, tenant, user_id, to_address, subject, body, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (message_id) DO UPDATE SET attempts = ll_mailbox.attempts + 1`,
      [message.messageId, message.tenant, message.userId, message.to, message.subject, message.text, now().toISOString()],
    );
    return { messageId: message.messageId };
  },
});

type Row = { message_id: string; user_id: string | null; to_address: string; subject: string; body: string; sent_at: Date | string; attempts: number };

/** A user's mailbox, oldest first. */
export const mailboxOf = async (sql: Sql, { tenant, userId }: { tenant: string; userId: string }): Promise<MailboxMessage[]> => {
  const { rows } = await sql.query<Row>(
    'SELECT message_id, user_id, to_address, subject, body, sent_at, attempts FROM ll_mailbox WHERE tenant = $1 AND user_id = $2 ORDER BY sent_at, message_id',
    [tenant, userId],
  );
  return rows.map((row) => ({ messageId: row.message_id, userId: row.user_id, to: row.to_address, subject: row.subject, text: row.body, sentAt: new Date(row.sent_at).toISOString(), attempts: row.attempts }));
};
