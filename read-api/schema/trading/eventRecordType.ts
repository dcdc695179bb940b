import type { RecordedEvent } from '../../../commands/eventStore.js';
import { builder } from '../builder.js';

export const EventRecordRef = builder.objectRef<RecordedEvent>('EventRecord').implement({
  description: 'One event of the log, as recorded: for auditors and replays.',
  fields: (t) => ({
    eventId: t.exposeID('eventId'),
    type: t.exposeString('type'),
    streamId: t.exposeString('streamId'),
    version: t.exposeInt('version'),
    position: t.expose('position', { type: 'LogPosition' }),
    recordedAt: t.exposeString('recordedAt', { description: 'ISO 8601' }),
    data: t.expose('data', { type: 'JSON' }),
    metadata: t.expose('metadata', { type: 'JSON' }),
  }),
});
