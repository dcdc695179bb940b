import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isPermanent } from '../../../sagas/actionHandler.js';
import { createHttpVenue, VenueRequestError, VenueUnavailableError } from '../../../infra/venue/httpVenue.js';
import { createSimulatedVenue } from '../../../infra/venue/simulatedVenue.js';

/** A real HTTP venue on a local port: the simulated venue behind the JSON API httpVenue speaks, plus a few failure switches. */
let now = new Date('2026-02-02T10:00:00.000Z').getTime();
const simulated = createSimulatedVenue({ now: () => new Date(now), price: 51, parts: [{ fraction: 0.5, delayMs: 1000 }, { fraction: 0.5, delayMs: 2000 }] });
let failNext: number | null = null;
let hang = false;
const requests: string[] = [];
let server: Server;
let baseUrl: string;

const body = async (request: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8'));
};

before(async () => {
  server = createServer(async (request, response) => {
    requests.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`.trim());
    const send = (status: number, value: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (hang) return; // never answers
    if (failNext !== null) {
      const status = failNext;
      failNext = null;
      return send(status, { error: 'failure on request' });
    }
    const input = await body(request);
    const match = /^\/orders\/([^/]+)(\/cancel)?$/.exec(request.url ?? '');
    if (request.method === 'POST' && request.url === '/orders') return send(200, await simulated.submit(input as never));
    if (match === null) return send(404, { error: 'no route' });
    const id = decodeURIComponent(match[1]!);
    const state = match[2] ? await simulated.cancel(id) : await simulated.orderState(id);
    return state.status === 'unknown' ? send(404, { error: 'unknown order' }) : send(200, state);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const order = { clientOrderId: 'saga-execution-t-9/submit', tradeId: 't-9', accountId: 'a', instrument: 'ERCOT.HB_NORTH.DA', side: 'BUY', quantityMwh: 10, limitPrice: 55 } as const;

describe('HTTP venue against a real local venue server', () => {
  it('submits (a repeat is the same order), reads fills as they come, cancels the rest', async () => {
    const venue = createHttpVenue({ baseUrl, apiKey: 'k-1' });
    const ack = await venue.submit(order);
    assert.deepEqual(ack, { status: 'accepted', venueOrderId: 'SIM-1' });
    assert.deepEqual(await venue.submit(order), ack);
    assert.equal(simulated.stats().orders, 1);
    assert.deepEqual(await venue.orderState(order.clientOrderId), { status: 'open', fills: [] });
    now += 1000;
    assert.deepEqual(await venue.orderState(order.clientOrderId), { status: 'open', fills: [{ fillId: 'SIM-1-F1', quantityMwh: 5, price: 51, at: '2026-02-02T10:00:01.000Z' }] });
    const cancelled = await venue.cancel(order.clientOrderId);
    assert.deepEqual([cancelled.status, cancelled.fills.length], ['cancelled', 1]);
    now += 5000;
    assert.equal((await venue.orderState(order.clientOrderId)).fills.length, 1, 'nothing fills after the cancel');
    assert.ok(requests.includes('POST /orders Bearer k-1'));
  });

  it('an order the venue never got is unknown', async () => {
    const venue = createHttpVenue({ baseUrl });
    assert.deepEqual(await venue.orderState('never-sent'), { status: 'unknown', fills: [] });
    assert.deepEqual(await venue.cancel('never-sent'), { status: 'unknown', fills: [] });
  });

  it('5xx, a timeout and a closed port are retryable; a 4xx is permanent', async () => {
    const venue = createHttpVenue({ baseUrl, timeoutMs: 200 });
    failNext = 503;
    await assert.rejects(venue.submit(order), (error) => error instanceof VenueUnavailableError && error.status === 503 && !isPermanent(error));
    failNext = 422;
    await assert.rejects(venue.submit(order), (error) => error instanceof VenueRequestError && isPermanent(error));
    hang = true;
    try {
      await assert.rejects(venue.orderState(order.clientOrderId), (error) => error instanceof VenueUnavailableError && !isPermanent(error));
    } finally {
      hang = false;
    }
    await assert.rejects(createHttpVenue({ baseUrl: 'http://127.0.0.1:9' }).submit(order), (error) => error instanceof VenueUnavailableError);
  });
});
