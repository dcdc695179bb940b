import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startGateway, type Gateway } from './gatewayHarness.js';

/** A mail API on a real port: records every JSON message POSTed to it. */
const startMailApi = async () => {
  const received: Array<{ headers: Record<string, unknown>; body: Record<string, unknown> }> = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(text) as Record<string, unknown> });
      response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `msg-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

describe('served mode e-mail: EMAIL_HTTP_URL', () => {
  let gateway: Gateway;
  let mail: Awaited<ReturnType<typeof startMailApi>>;
  before(async () => {
    mail = await startMailApi();
    gateway = await startGateway('served_email', { EMAIL_HTTP_URL: mail.url, EMAIL_FROM: 'noreply@ledgerline.example', EMAIL_API_KEY: 'mail-key' });
  });
  after(async () => {
    await gateway.close();
    await mail.close();
  });

  it('sends the onboarding welcome e-mail through the mail API instead of the local mailbox', async () => {
    const admin = await gateway.token({ roles: ['energy.admin'], sub: 'admin-1' });
    const registered = await gateway.graphql(
      'mutation R($input: RegisterUserInput!) { registerUser(input: $input) { userId } }',
      { input: { email: 'grace@example.com', displayName: 'Grace Hopper', roles: ['ENERGY_ANALYST'] } },
      { token: admin },
    );
    assert.equal(registered.errors, undefined);
    const deadline = Date.now() + 15_000;
    while (mail.received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(mail.received.length, 1);
    const [sent] = mail.received;
    assert.equal(sent!.body['to'], 'grace@example.com');
    assert.equal(sent!.body['from'], 'noreply@ledgerline.example');
    assert.equal(sent!.headers['authorization'], 'Bearer mail-key');
    assert.equal(typeof sent!.headers['idempotency-key'], 'string');
    const { data } = await gateway.graphql('query M($id: ID!) { mailbox(userId: $id) { subject } }', { id: registered.data!['registerUser'].userId }, { token: admin });
    assert.deepEqual(data!['mailbox'], [], 'nothing went to the local mailbox');
  });
});
