import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLResponse } from './gatewayHarness.js';

/** A graphql-ws client on the gateway's port and path, authenticated through connectionParams. */
export const wsClient = (url: string, token: string | null, { viaHeader = false } = {}): Client =>
  createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: viaHeader
      ? class extends WebSocket {
          constructor(address: string, protocols?: string | string[]) {
            super(address, protocols, { headers: { authorization: `Bearer ${token}` } });
          }
        }
      : WebSocket,
    connectionParams: token === null || viaHeader ? {} : { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });

/** Reads results of an async iterator until `done` says enough, or fails after `timeoutMs`. */
export const collect = async <T,>(iterator: AsyncIterator<T>, done: (items: readonly T[]) => boolean, timeoutMs = 10_000): Promise<T[]> => {
  const items: T[] = [];
  const deadline = Date.now() + timeoutMs;
  while (!done(items)) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(`timed out after ${items.length} results: ${JSON.stringify(items).slice(0, 2000)}`);
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([
      iterator.next(),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), remaining);
      }),
    ]);
    clearTimeout(timer);
    if (next === 'timeout') continue;
    if (next.done) break;
    items.push(next.value);
  }
  return items;
};

/** A GraphQL subscription over SSE (yoga's "distinct connections" mode): POST with Accept: text/event-stream. */
export const sseSubscribe = async (url: string, token: string | null, query: string, variables: Record<string, unknown> = {}) => {
  const abort = new AbortController();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  if (!response.body) throw new Error(`no body (status ${response.status})`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const results: AsyncIterator<GraphQLResponse> = {
    next: async () => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end !== -1) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(message)?.[1];
          const data = /^data: (.*)$/m.exec(message)?.[1];
          if (event === 'complete') return { value: undefined, done: true };
          if (event === 'next' && data !== undefined) return { value: JSON.parse(data) as GraphQLResponse, done: false };
          continue; // keep-alive comments
        }
        const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (chunk.done) return { value: undefined, done: true };
        buffer += chunk.value;
      }
    },
  };
  return { status: response.status, contentType: response.headers.get('content-type'), results, close: () => abort.abort() };
};
