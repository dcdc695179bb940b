import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server speaking the parts of the OpenAI API the adapter uses: POST /v1/embeddings,
 * POST /v1/chat/completions, GET /v1/models. Scripted failures (`failNext`) are answered first, in
 * order; otherwise it answers deterministically. Every request is recorded.
 */
export type ScriptedFailure = Readonly<{ status: number; headers?: Record<string, string>; body?: unknown }>;
export type RecordedRequest = Readonly<{ method: string; path: string; authorization: string | null; body: Record<string, unknown> | null }>;

export const embeddingDimensions = 8;
export const chatUsage = { prompt_tokens: 120, completion_tokens: 30 } as const;

const vectorFor = (text: string): number[] => {
  const v = Array.from({ length: embeddingDimensions }, (_, i) => (text.charCodeAt(i % Math.max(text.length, 1)) || 1) + i);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};

const readBody = async (request: IncomingMessage): Promise<Record<string, unknown> | null> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? null : (JSON.parse(text) as Record<string, unknown>);
};

const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
};

const answer = (path: string, body: Record<string, unknown> | null): [number, unknown] => {
  if (path === '/v1/models') return [200, { object: 'list', data: [{ id: 'test-chat', object: 'model', created: 0, owned_by: 'test' }] }];
  if (path === '/v1/embeddings') {
    const input = body?.['input'];
    const texts = Array.isArray(input) ? (input as string[]) : [String(input)];
    const tokens = texts.reduce((sum, t) => sum + t.split(/\s+/).filter(Boolean).length, 0);
    return [200, { object: 'list', model: String(body?.['model']), data: texts.map((t, index) => ({ object: 'embedding', index, embedding: vectorFor(t) })), usage: { prompt_tokens: tokens, total_tokens: tokens } }];
  }
  if (path === '/v1/chat/completions') {
    const json = (body?.['response_format'] as { type?: string } | undefined)?.type === 'json_object';
    const content = json ? JSON.stringify({ summary: 'Remote summary.', entities: [{ type: 'market', value: 'ERCOT' }], instruments: ['ERCOT.HB_WEST.RT'] }) : 'Remote summary.';
    return [200, {
      id: 'chatcmpl-test', object: 'chat.completion', created: 0, model: String(body?.['model']),
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
      usage: { ...chatUsage, total_tokens: chatUsage.prompt_tokens + chatUsage.completion_tokens },
    }];
  }
  return [404, { error: { message: `no route ${path}`, type: 'invalid_request_error' } }];
};

export const startOpenAiTestServer = async () => {
  const requests: RecordedRequest[] = [];
  const failures: ScriptedFailure[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const path = (request.url ?? '').split('?')[0] ?? '';
      const body = await readBody(request);
      requests.push({ method: request.method ?? '', path, authorization: request.headers.authorization ?? null, body });
      const failure = path === '/v1/models' ? undefined : failures.shift();
      if (failure) return send(response, failure.status, failure.body ?? { error: { message: `scripted ${failure.status}`, type: 'server_error' } }, failure.headers);
      const [status, payload] = answer(path, body);
      send(response, status, payload);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    /** The next calls (other than /v1/models) fail like this, in order. */
    failNext: (...next: ScriptedFailure[]) => failures.push(...next),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
};
