import type { EventMetadata, RecordedEvent } from '../../commands/eventStore.js';

/** A row of ll_events as the pg driver returns it (bigint columns arrive as strings). */
export type EventRow = Readonly<{
  position: string;
  event_id: string;
  stream_id: string;
  version: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  recorded_at: Date | string;
}>;

export const eventColumns = 'position, event_id, stream_id, version, type, data, metadata, recorded_at';

export const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  eventId: row.event_id,
  type: row.type,
  streamId: row.stream_id,
  version: Number(row.version),
  position: Number(row.position),
  recordedAt: new Date(row.recorded_at).toISOString(),
  data: row.data,
  metadata: row.metadata,
});

/** JSON with object keys sorted: two payloads are the same content when their canonical forms match. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
