import type { RecordedEvent } from '../../commands/eventStore.js';
import { identityEventTypes } from '../../domain/identity/events.js';
import type { Sql } from '../../infra/db/db.js';
import { foldBatch } from '../foldBatch.js';
import type { Projection } from '../projection.js';
import { evolveUserView, userKeyOf, userViewKey, type UserView } from './userView.js';

export const userColumns = 'tenant, id, email, display_name, roles, permissions, status, reason, version, created_at, updated_at';

export const userFromRow = (row: Record<string, unknown>): UserView => ({
  id: String(row['id']),
  tenant: String(row['tenant']),
  email: String(row['email']),
  displayName: String(row['display_name']),
  roles: row['roles'] as string[],
  permissions: row['permissions'] as string[],
  status: row['status'] as UserView['status'],
  reason: (row['reason'] as string | null) ?? null,
  version: Number(row['version']),
  createdAt: new Date(row['created_at'] as string).toISOString(),
  updatedAt: new Date(row['updated_at'] as string).toISOString(),
});

const loadUsers = async (tx: Sql, events: readonly RecordedEvent[]): Promise<Map<string, UserView>> => {
  const tenants = events.map((event) => event.metadata.tenant);
  const ids = events.map((event) => String(event.data['userId']));
  const { rows } = await tx.query(`SELECT ${userColumns} FROM users WHERE (tenant, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, [tenants, ids]);
  return new Map(rows.map((row) => {
    const user = userFromRow(row);
    return [userViewKey(user.tenant, user.id), user];
  }));
};

/** `users`: one row per user with their status, roles and granted permissions. */
export const usersProjection: Projection = {
  name: 'users',
  version: 1,
  eventTypes: identityEventTypes,
  apply: async (tx, events) => {
    const { latest } = foldBatch(events, await loadUsers(tx, events), userKeyOf, evolveUserView);
    if (latest.length === 0) return [];
    await tx.query(
      `INSERT INTO users (tenant, id, email, display_name, roles, permissions, status, reason, version, created_at, updated_at, last_position)
       SELECT tenant, id, email, "displayName", roles, permissions, status, reason, version, "createdAt", "updatedAt", at
       FROM jsonb_to_recordset($1::jsonb) AS x(tenant text, id text, email text, "displayName" text, roles jsonb, permissions jsonb, status text,
         reason text, version bigint, "createdAt" timestamptz, "updatedAt" timestamptz, at bigint)
       ON CONFLICT (tenant, id) DO UPDATE SET permissions = excluded.permissions, status = excluded.status, reason = excluded.reason,
         version = excluded.version, updated_at = excluded.updated_at, last_position = excluded.last_position`,
      [JSON.stringify(latest.map(({ view, at }) => ({ ...view, at })))],
    );
    return [];
  },
  tables: ['users'],
};

export const getUser = async (sql: Sql, { tenant, id }: { tenant: string; id: string }): Promise<UserView | null> => {
  const { rows } = await sql.query(`SELECT ${userColumns} FROM users WHERE tenant = $1 AND id = $2`, [tenant, id]);
  return rows[0] === undefined ? null : userFromRow(rows[0]);
};
