import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../commands/eventStore.js';
import { inParallel, throughput, type Figure } from './measure.js';

/** (b) Appends of one event each to its own new stream, `concurrency` appenders at once. */
export const concurrentAppends = (store: EventStore, count: number, concurrency: number): Promise<Figure> =>
  throughput(`(b) append, 1 event each, ${concurrency} concurrent`, count, 'events/s', () =>
    inParallel(count, concurrency, async (i) => {
      await store.append(`bench-${randomUUID()}`, [{
        eventId: randomUUID(),
        type: 'BenchTick',
        data: { i },
        metadata: { tenant: 'bench', actor: 'bench', correlationId: randomUUID(), causationId: null, traceparent: null, schemaVersion: 1 },
      }], { expectedVersion: 'no_stream' });
    }),
  );
