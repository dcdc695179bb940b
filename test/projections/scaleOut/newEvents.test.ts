import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RecordedEvent } from '../../../commands/eventStore.js';
import { newEvents } from '../../../projections/scaleOut/newEvents.js';

const event = (streamId: string, version: number, position: number): RecordedEvent => ({
  eventId: `${streamId}-${version}`, type: 'TradeFilled', streamId, version, position, recordedAt: '2026-01-01T00:00:00.000Z', data: {},
  metadata: { tenant: 't', actor: 'a', correlationId: 'c', causationId: null, traceparent: null, schemaVersion: 1 },
});

describe('newEvents (which events of a partition batch a scale-out projector applies)', () => {
  it('keeps events beyond each stream\'s last applied version, in order, and reports the versions that moved', () => {
    const batch = [event('s1', 3, 10), event('s2', 1, 11), event('s1', 4, 12), event('s3', 2, 13)];
    const result = newEvents(batch, new Map([['s1', 3], ['s3', 5]]));
    assert.deepEqual(result.events.map((e) => e.eventId), ['s2-1', 's1-4']);
    assert.deepEqual(result.versions, new Map([['s2', 1], ['s1', 4]]));
    assert.equal(result.duplicates, 2);
  });

  it('drops a relay redelivery inside one batch (a run of events repeated after a crash)', () => {
    const batch = [event('s1', 1, 1), event('s1', 2, 2), event('s1', 1, 1), event('s1', 2, 2), event('s1', 3, 3)];
    const result = newEvents(batch, new Map());
    assert.deepEqual(result.events.map((e) => e.version), [1, 2, 3]);
    assert.deepEqual(result.versions, new Map([['s1', 3]]));
    assert.equal(result.duplicates, 2);
  });
});
