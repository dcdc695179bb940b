import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedMail = Readonly<{ headers: IncomingHttpHeaders; body: Record<string, unknown> }>;

/** A real local HTTP mail API: records each request and answers with `status` (changeable), deduping by Idempotency-Key. */
export const startMailServer = async () => {
  const received: ReceivedMail[] = [];
  const delivered = new Map<string, Record<string, unknown>>();
  let status = 202;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      received.push({ headers: request.headers, body });
      if (status < 300) {
        const key = String(request.headers['idempotency-key']);
        if (!delivered.has(key)) delivered.set(key, body);
      }
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(status < 300 ? { id: `srv-${request.headers['idempotency-key']}` } : { error: 'nope' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/messages`,
    received,
    delivered,
    answer: (next: number) => {
      status = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
