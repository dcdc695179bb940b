import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHttpEmail, EmailUnavailableError } from '../../../infra/email/httpEmail.js';
import { EmailRejectedError } from '../../../sagas/emailPort.js';
import { startMailServer } from './mailServer.js';

let server: Awaited<ReturnType<typeof startMailServer>>;
before(async () => {
  server = await startMailServer();
});
after(() => server.close());

const message = (messageId: string) => ({ messageId, tenant: 'acme', userId: 'u1', to: 'ada@example.com', subject: 'Welcome', text: 'Hello' });

describe('HTTP e-mail port against a real local HTTP server', () => {
  it('POSTs the message as JSON with the message id as Idempotency-Key and the API key as bearer', async () => {
    server.answer(202);
    const email = createHttpEmail({ url: server.url, from: 'noreply@ledgerline.local', apiKey: 'k-123' });
    const sent = await email.send(message('m-1'));
    assert.equal(sent.messageId, 'srv-m-1');
    const last = server.received.at(-1)!;
    assert.equal(last.headers['idempotency-key'], 'm-1');
    assert.equal(last.headers['authorization'], 'Bearer k-123');
    assert.deepEqual(last.body, { from: 'noreply@ledgerline.local', to: 'ada@example.com', subject: 'Welcome', text: 'Hello', messageId: 'm-1' });
  });

  it('a 4xx is a refusal (not retryable); 5xx and 429 are unavailability (retryable)', async () => {
    const email = createHttpEmail({ url: server.url, from: 'noreply@ledgerline.local' });
    server.answer(422);
    await assert.rejects(email.send(message('m-2')), (error: unknown) => error instanceof EmailRejectedError && error.retryable === false);
    server.answer(503);
    await assert.rejects(email.send(message('m-3')), (error: unknown) => error instanceof EmailUnavailableError && error.status === 503);
    server.answer(429);
    await assert.rejects(email.send(message('m-4')), (error: unknown) => error instanceof EmailUnavailableError && error.status === 429);
  });

  it('an unreachable server is unavailability', async () => {
    const email = createHttpEmail({ url: 'http://127.0.0.1:1/v1/messages', from: 'x@y.z', timeoutMs: 2000 });
    await assert.rejects(email.send(message('m-5')), (error: unknown) => error instanceof EmailUnavailableError && error.status === null);
  });
});
