import { SIGNATURE_HEADER, signWebhook } from './webhookSignature.js';

export type WebhookRequest = Readonly<{ url: string; body: string; secret: string; deliveryId: string; eventType: string; now: Date }>;

/** How one POST went: ok for a 2xx; a status for any answer, an error text otherwise. */
export type WebhookOutcome = Readonly<{ ok: boolean; statusCode: number | null; error: string | null; durationMs: number }>;

export type WebhookSender = (request: WebhookRequest) => Promise<WebhookOutcome>;

/**
 * POSTs a signed JSON body: `ledgerline-signature: t=…,v1=…`, `ledgerline-delivery` (the delivery id,
 * for the receiver's dedupe) and `ledgerline-event`. Never throws: the outcome says what happened.
 */
export const createWebhookSender =
  ({ timeoutMs = 10_000, fetch: fetchImpl = fetch }: { timeoutMs?: number; fetch?: typeof fetch } = {}): WebhookSender =>
  async ({ url, body, secret, deliveryId, eventType, now }) => {
    const started = performance.now();
    const took = () => Math.round(performance.now() - started);
    try {
      const response = await fetchImpl(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(now.getTime() / 1000)),
          'ledgerline-delivery': deliveryId,
          'ledgerline-event': eventType,
          'user-agent': 'ledgerline-webhooks/1',
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text().catch(() => '');
      return response.ok ? { ok: true, statusCode: response.status, error: null, durationMs: took() } : { ok: false, statusCode: response.status, error: `HTTP ${response.status}: ${text.slice(0, 200)}`, durationMs: took() };
    } catch (error) {
      return { ok: false, statusCode: null, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), durationMs: took() };
    }
  };
