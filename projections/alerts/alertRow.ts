import type { AlertView } from './alertView.js';

export const alertColumns = `tenant, id, dedupe_key, severity, source, subject, details, status, occurrences, level, raised_at, last_occurred_at,
  acknowledged_at, acknowledged_by, resolved_at, resolved_by, updated_at, version`;

const iso = (value: unknown): string => new Date(value as string).toISOString();
const isoOrNull = (value: unknown): string | null => (value == null ? null : iso(value));

export const alertFromRow = (row: Record<string, unknown>): AlertView => ({
  id: String(row['id']),
  tenant: String(row['tenant']),
  dedupeKey: String(row['dedupe_key']),
  severity: row['severity'] as AlertView['severity'],
  source: String(row['source']),
  subject: String(row['subject']),
  details: String(row['details']),
  status: row['status'] as AlertView['status'],
  occurrences: Number(row['occurrences']),
  level: Number(row['level']),
  raisedAt: iso(row['raised_at']),
  lastOccurredAt: iso(row['last_occurred_at']),
  acknowledgedAt: isoOrNull(row['acknowledged_at']),
  acknowledgedBy: (row['acknowledged_by'] as string | null) ?? null,
  resolvedAt: isoOrNull(row['resolved_at']),
  resolvedBy: (row['resolved_by'] as string | null) ?? null,
  updatedAt: iso(row['updated_at']),
  version: Number(row['version']),
});
