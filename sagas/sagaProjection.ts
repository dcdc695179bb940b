import type { RecordedEvent } from '../commands/eventStore.js';
import type { ChangeItem } from '../projections/changeFeed.js';
import type { Projection } from '../projections/projection.js';
import { sagaInstanceId } from './saga.js';
import { SAGA_STEP_RECORDED, sagaStepRecorded } from '../domain/sagas/events.js';
import type { SagaView } from './sagaView.js';

/** The view of a saga after one of its steps: each step carries the saga's whole summary. */
export const sagaViewOf = (event: RecordedEvent, startedAt: string | null): SagaView => {
  const step = sagaStepRecorded.parse(event.data);
  return {
    id: sagaInstanceId(step.sagaName, step.sagaId),
    tenant: event.metadata.tenant,
    name: step.sagaName,
    sagaId: step.sagaId,
    status: step.status,
    steps: step.steps as SagaView['steps'],
    failure: step.failure,
    version: event.version,
    startedAt: startedAt ?? step.recordedAt,
    updatedAt: step.recordedAt,
  };
};

/** `ll_sagas`: every saga instance with its status and steps, for saga(id), sagas(name, status) and sagaUpdated. */
export const sagasProjection: Projection = {
  name: 'sagas',
  version: 1,
  eventTypes: [SAGA_STEP_RECORDED],
  apply: async (tx, events): Promise<readonly ChangeItem[]> => {
    const changes: ChangeItem[] = [];
    const latest = new Map<string, SagaView>();
    for (const event of events) {
      const view = sagaViewOf(event, event.version === 1 ? null : (latest.get(event.streamId)?.startedAt ?? null));
      latest.set(event.streamId, view);
      changes.push({ kind: 'saga', tenant: view.tenant, at: event.position, saga: view });
    }
    const rows = [...latest.values()].map((view) => ({ ...view, at: changes.findLast((c) => c.kind === 'saga' && c.saga.id === view.id && c.tenant === view.tenant)?.at ?? 0 }));
    await tx.query(
      `INSERT INTO ll_sagas (tenant, id, name, saga_id, status, steps, failure, version, started_at, updated_at, last_position)
       SELECT tenant, id, name, "sagaId", status, steps, failure, version, "startedAt", "updatedAt", at
       FROM jsonb_to_recordset($1::jsonb) AS x(tenant text, id text, name text, "sagaId" text, status text, steps jsonb, failure jsonb,
         version bigint, "startedAt" timestamptz, "updatedAt" timestamptz, at bigint)
       ON CONFLICT (tenant, id) DO UPDATE SET status = excluded.status, steps = excluded.steps, failure = excluded.failure,
         version = excluded.version, updated_at = excluded.updated_at, last_position = excluded.last_position`,
      [JSON.stringify(rows)],
    );
    return changes;
  },
  tables: ['ll_sagas'],
};
