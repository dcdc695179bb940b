import type { Sql } from '../db/db.js';

export type AuditFinding = Readonly<{ check: string; detail: string }>;

export type LogAudit = Readonly<{ events: number; streams: number; head: number; findings: readonly AuditFinding[] }>;

const sample = 20;

/** Each check: a name, and a query returning one `detail` row per violation (at most `sample`). */
const checks: ReadonlyArray<readonly [string, string]> = [
  ['positions are 1..head without a gap', `
    SELECT 'position ' || (prev + 1) || ' to ' || (position - 1) || ' missing' AS detail
    FROM (SELECT position, lag(position, 1, 0::bigint) OVER (ORDER BY position) AS prev FROM ll_events) p
    WHERE position <> prev + 1
    UNION ALL
    SELECT 'head is ' || h.position || ' but the last event is at ' || coalesce(max(e.position), 0)
    FROM ll_head h LEFT JOIN ll_events e ON true GROUP BY h.position HAVING h.position <> coalesce(max(e.position), 0)`],
  ['stream versions are 1..n in position order', `
    SELECT stream_id || ': event at position ' || position || ' has version ' || version || ', expected ' || expected AS detail
    FROM (SELECT stream_id, position, version, row_number() OVER (PARTITION BY stream_id ORDER BY position) AS expected FROM ll_events) v
    WHERE version <> expected`],
  ['ll_streams holds each stream\'s last version', `
    SELECT coalesce(s.stream_id, e.stream_id) || ': ll_streams says ' || coalesce(s.version::text, 'nothing') || ', the log ' || coalesce(e.version::text, 'nothing') AS detail
    FROM ll_streams s FULL JOIN (SELECT stream_id, max(version) AS version FROM ll_events GROUP BY stream_id) e ON e.stream_id = s.stream_id
    WHERE s.version IS DISTINCT FROM e.version`],
  ['every event names its tenant, category and correlation', `
    SELECT 'position ' || position || ': ' || CASE
      WHEN tenant = '' OR metadata->>'tenant' IS DISTINCT FROM tenant THEN 'tenant column and metadata disagree'
      WHEN category <> split_part(stream_id, '-', 1) THEN 'category ' || category || ' is not the stream''s'
      ELSE 'no correlationId' END AS detail
    FROM ll_events
    WHERE tenant = '' OR metadata->>'tenant' IS DISTINCT FROM tenant OR category <> split_part(stream_id, '-', 1)
       OR coalesce(metadata->>'correlationId', '') = ''`],
];

/**
 * Verifies the structure of the event log for an auditor: a gap-free global order, gap-free stream
 * versions in commit order, stream versions that match the log, and complete envelopes. Read-only.
 */
export const auditEventLog = async (sql: Sql): Promise<LogAudit> => {
  const findings: AuditFinding[] = [];
  for (const [check, query] of checks) {
    const { rows } = await sql.query<{ detail: string }>(`SELECT detail FROM (${query}) found LIMIT ${sample}`);
    findings.push(...rows.map(({ detail }) => ({ check, detail })));
  }
  const { rows: [totals] } = await sql.query<{ events: string; streams: string; head: string }>(
    'SELECT (SELECT count(*) FROM ll_events) AS events, (SELECT count(*) FROM ll_streams) AS streams, (SELECT position FROM ll_head WHERE id = 1) AS head',
  );
  return { events: Number(totals!.events), streams: Number(totals!.streams), head: Number(totals!.head), findings };
};
