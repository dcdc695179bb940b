import type { EventStore, RecordedEvent } from '../commands/eventStore.js';
import type { Log } from '../commands/log.js';
import type { Db } from '../infra/db/db.js';
import type { ApplyInput } from './applyInput.js';
import type { AnySagaDefinition } from './saga.js';

export const ROUTER_CHECKPOINT_VERSION = 1;
const idleSaveIntervalMs = 5000;

/**
 * Reads the log after its checkpoint (a row of ll_checkpoints, `saga-router:<name>`) and hands each event
 * to the sagas that react to its type, then moves the checkpoint. A crash before the move redelivers the
 * events, which the sagas' streams recognise by event id: nothing is done twice. Two routers may read the
 * same events; the saga streams' expected versions keep that safe (the checkpoint only moves forward).
 */
export const createSagaRouter = ({ db, store, sagas, apply, batchSize, log, name }: { db: Db; store: EventStore; sagas: readonly AnySagaDefinition[]; apply: ApplyInput; batchSize: number; log: Log; name: string }) => {
  const checkpoint = `saga-router:${name}`;
  const types = [...new Set(sagas.flatMap((saga) => saga.eventTypes))];
  let position = 0;
  let savedAt = 0;

  const init = async (): Promise<void> => {
    await db.query('INSERT INTO ll_checkpoints (name, version, position) VALUES ($1, $2, 0) ON CONFLICT (name) DO NOTHING', [checkpoint, ROUTER_CHECKPOINT_VERSION]);
    const { rows } = await db.query<{ position: string }>('SELECT position FROM ll_checkpoints WHERE name = $1', [checkpoint]);
    position = Number(rows[0]?.position ?? 0);
  };

  const route = async (event: RecordedEvent): Promise<void> => {
    for (const saga of sagas) {
      if (!saga.eventTypes.includes(event.type)) continue;
      const sagaId = saga.sagaIdOf(event);
      if (sagaId === null) continue;
      const origin = { tenant: event.metadata.tenant, correlationId: event.metadata.correlationId, causationId: event.eventId, traceparent: event.metadata.traceparent };
      const input = { kind: 'event', id: `event:${event.eventId}`, type: event.type, data: event.data, at: event.recordedAt } as const;
      const handled = await apply(saga, sagaId, input, origin);
      log.debug({ saga: saga.name, sagaId, event: event.type, position: event.position, step: handled.step?.step ?? null, duplicate: handled.duplicate }, 'saga input');
    }
  };

  /** One batch; 'idle' once it has read up to the head of the log. */
  const step = async (): Promise<'busy' | 'idle'> => {
    if (types.length === 0) return 'idle';
    const { events, head } = await store.readPage({ after: position, limit: batchSize, filter: { types } });
    for (const event of events) await route(event);
    const seenAll = events.length < batchSize;
    const target = Math.max(position, events.at(-1)?.position ?? position, seenAll ? head : 0);
    // Moving past events of no interest is saved at most every few seconds: routing is idempotent, so a
    // restart from an older checkpoint only reads those again.
    if (target > position && (events.length > 0 || Date.now() - savedAt >= idleSaveIntervalMs)) {
      await db.query('UPDATE ll_checkpoints SET position = greatest(position, $2), updated_at = now() WHERE name = $1', [checkpoint, target]);
      savedAt = Date.now();
    }
    position = Math.max(position, target);
    return seenAll ? 'idle' : 'busy';
  };

  return { init, step, position: () => position };
};
