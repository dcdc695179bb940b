import type { z } from 'zod';
import type { EventStore } from '../../commands/eventStore.js';
import type { AuditFinding } from '../../infra/eventStore/auditEventLog.js';

const pageSize = 2000;
const maxFindings = 50;

/** Reads the whole log in order and checks each payload against its event type's zod schema. */
export const auditPayloads = async (
  store: EventStore,
  schemas: Readonly<Record<string, Readonly<Record<string, z.ZodType>>>>,
): Promise<{ checked: number; findings: AuditFinding[] }> => {
  const byType = new Map(Object.values(schemas).flatMap((events) => Object.entries(events)));
  const findings: AuditFinding[] = [];
  let checked = 0;
  for (let after = 0; ; ) {
    const events = await store.readAll({ after, limit: pageSize });
    for (const event of events) {
      checked++;
      const schema = byType.get(event.type);
      const problem = schema === undefined ? 'no schema declares this event type' : schema.safeParse(event.data).error?.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ');
      if (problem && findings.length < maxFindings) findings.push({ check: 'payloads match their event schema', detail: `position ${event.position} ${event.type} in ${event.streamId}: ${problem}` });
    }
    if (events.length < pageSize) return { checked, findings };
    after = events.at(-1)!.position;
  }
};
