import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'ledgerline-signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the automation's secret>`: the timestamp is
 * signed with the body, so a receiver can refuse an old delivery replayed by someone else.
 */
export const signWebhook = (secret: string, body: string, timestampSeconds: number): string =>
  `t=${timestampSeconds},v1=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;

/** What a receiver runs: true when the header signs this body with this secret within `toleranceSeconds` of `now`. */
export const verifyWebhookSignature = (secret: string, header: string | null | undefined, body: string, { now = new Date(), toleranceSeconds = 300 }: { now?: Date; toleranceSeconds?: number } = {}): boolean => {
  const parts = Object.fromEntries((header ?? '').split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestamp = Number(parts['t']);
  const given = parts['v1'];
  if (!Number.isInteger(timestamp) || given === undefined || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = signWebhook(secret, body, timestamp).split('v1=')[1]!;
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(given, 'hex'));
};

/** An automation's signing secret, derived from the server's key: nothing to store, the same on every process. */
export const webhookSecret = (signingKey: string, tenant: string, automationId: string): string =>
  `whsec_${createHmac('sha256', signingKey).update(`${tenant}\n${automationId}`).digest('base64url')}`;
