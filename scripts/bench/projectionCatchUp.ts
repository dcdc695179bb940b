import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore, NewEvent } from '../../commands/eventStore.js';
import type { Db } from '../../infra/db/db.js';
import { createInProcessChangeFeed } from '../../projections/changeFeed.js';
import { positionsProjection } from '../../projections/positions.js';
import { createProjectionRuntime } from '../../projections/runtime.js';
import { tradesProjection } from '../../projections/trades.js';
import { throughput, type Figure } from './measure.js';

const instruments = ['ERCOT.HB_NORTH.DA', 'ERCOT.HB_HOUSTON.RT', 'ERCOT.HB_WEST.DA', 'PJM.WESTERN_HUB.DA'];

/** Appends `count` trading events: each trade a TradePlaced and one complete TradeFilled. */
export const seedTrades = async (store: EventStore, count: number): Promise<void> => {
  const metadata: EventMetadata = { tenant: 'bench', actor: 'seed', correlationId: randomUUID(), causationId: null, traceparent: null, schemaVersion: 1 };
  const now = new Date().toISOString();
  const trades = Math.floor(count / 2);
  const perAppend = 500;
  for (let first = 0; first < trades; first += perAppend) {
    const requests = Array.from({ length: Math.min(perAppend, trades - first) }, (_, k) => {
      const i = first + k;
      const tradeId = randomUUID();
      const trade = { tradeId, accountId: `acct-${i % 100}`, instrument: instruments[i % instruments.length]!, side: i % 3 === 0 ? 'SELL' : 'BUY' };
      const events: NewEvent[] = [
        { eventId: randomUUID(), type: 'TradePlaced', metadata, data: { ...trade, quantityMwh: 10, limitPrice: 40 + (i % 20), placedAt: now } },
        { eventId: randomUUID(), type: 'TradeFilled', metadata, data: { ...trade, fillId: randomUUID(), quantityMwh: 10, price: 39 + (i % 20), totalFilledMwh: 10, complete: true, filledAt: now } },
      ];
      return { streamId: `trade-${tradeId}`, events, expectedVersion: 'no_stream' as const };
    });
    await store.appendMany(requests);
  }
};

/** (d) A fresh trades + positions projection catching up from position 0 to the head. */
export const projectionCatchUp = async (db: Db, store: EventStore, batchSize: number): Promise<Figure> => {
  const head = await store.headPosition();
  const runtime = createProjectionRuntime({ db, store, feed: createInProcessChangeFeed(), projections: [tradesProjection, positionsProjection], batchSize });
  const figure = await throughput('(d) projection catch-up (trades + positions)', head, 'events/s', async () => {
    await runtime.start();
    await runtime.waitFor(head, { timeoutMs: 30 * 60_000 });
  }, `batch ${batchSize}`);
  await runtime.stop();
  return figure;
};
