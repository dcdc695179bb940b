import { parseAutomationEvent } from '../../domain/automations/events.js';
import { automationEventTypes } from '../../domain/automations/events.js';
import type { ChangeItem } from '../changeFeed.js';
import type { Projection } from '../projection.js';

/** The tenants' automations in PostgreSQL (what the webhook dispatcher matches events against). */
export const automationsProjection: Projection = {
  name: 'automations',
  version: 1,
  eventTypes: automationEventTypes,
  apply: async (tx, events): Promise<readonly ChangeItem[]> => {
    for (const recorded of events) {
      const event = parseAutomationEvent(recorded);
      if (event === null) continue;
      const tenant = recorded.metadata.tenant;
      if (event.type === 'AutomationCreated') {
        const { automationId, name, eventType, filter, action, maxAttempts, createdBy, createdAt } = event.data;
        const stored = { kind: action.kind, url: action.url, command: action.command, input: JSON.parse(action.input) };
        await tx.query(
          `INSERT INTO automations (tenant, id, name, event_type, filter, action, max_attempts, status, created_by, created_at, updated_at, created_position, last_position)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, 'ACTIVE', $8, $9, $9, $10, $10) ON CONFLICT (tenant, id) DO NOTHING`,
          [tenant, automationId, name, eventType, filter, JSON.stringify(stored), maxAttempts, createdBy, createdAt, recorded.position],
        );
      } else {
        await tx.query(`UPDATE automations SET status = 'DISABLED', updated_at = $3, last_position = $4 WHERE tenant = $1 AND id = $2`, [tenant, event.data.automationId, event.data.disabledAt, recorded.position]);
      }
    }
    return [];
  },
  tables: ['automations'],
};
