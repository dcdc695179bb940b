import type { ChangeSide, FieldChange } from './events.js';
import type { TrackedRecord } from './syncRecord.js';

/**
 * What changed on a record since `baseVersion`: each such field with its current value, and the source
 * and time of the latest of those changes.
 */
export const changesSince = (record: TrackedRecord, baseVersion: number): ChangeSide => {
  const later = record.changes.filter((change) => change.version > baseVersion);
  const names = [...new Set(later.flatMap((change) => change.fieldNames))].sort();
  const latest = later.reduce((a, b) => (b.version > a.version ? b : a), later[0]!);
  return {
    source: latest.source,
    changedAt: latest.changedAt,
    fields: names.map((name) => ({ name, value: record.values[name] ?? 'null' })),
  };
};

/** Fields both sides changed, to different values. */
export const conflictingFields = (incoming: readonly FieldChange[], current: readonly FieldChange[]): string[] => {
  const theirs = new Map(current.map((field) => [field.name, field.value]));
  return incoming.filter((field) => theirs.has(field.name) && theirs.get(field.name) !== field.value).map((field) => field.name).sort();
};

/**
 * Last write wins: the later `changedAt` wins. A tie goes to the source whose name sorts first, then to
 * the side whose fields sort first as JSON text, so every replica picks the same winner.
 */
export const lastWriter = (incoming: ChangeSide, current: ChangeSide): 'incoming' | 'current' => {
  const byTime = Date.parse(incoming.changedAt) - Date.parse(current.changedAt);
  if (byTime !== 0) return byTime > 0 ? 'incoming' : 'current';
  if (incoming.source !== current.source) return incoming.source < current.source ? 'incoming' : 'current';
  return JSON.stringify(incoming.fields) <= JSON.stringify(current.fields) ? 'incoming' : 'current';
};
