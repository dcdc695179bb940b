import type { Sql } from '../infra/db/db.js';
import type { SagaStatus } from './saga.js';
import type { SagaView } from './sagaView.js';

const columns = 'tenant, id, name, saga_id, status, steps, failure, version, started_at, updated_at';

const fromRow = (row: Record<string, unknown>): SagaView => ({
  id: String(row['id']),
  tenant: String(row['tenant']),
  name: String(row['name']),
  sagaId: String(row['saga_id']),
  status: row['status'] as SagaStatus,
  steps: row['steps'] as SagaView['steps'],
  failure: (row['failure'] as SagaView['failure']) ?? null,
  version: Number(row['version']),
  startedAt: new Date(row['started_at'] as string).toISOString(),
  updatedAt: new Date(row['updated_at'] as string).toISOString(),
});

export const getSaga = async (sql: Sql, { tenant, id }: { tenant: string; id: string }): Promise<SagaView | null> => {
  const { rows } = await sql.query(`SELECT ${columns} FROM ll_sagas WHERE tenant = $1 AND id = $2`, [tenant, id]);
  return rows[0] === undefined ? null : fromRow(rows[0]);
};

/** A tenant's sagas, most recently updated first, at most `first` (1..500). */
export const listSagas = async (sql: Sql, { tenant, name, status, first = 100 }: { tenant: string; name?: string | null; status?: SagaStatus | null; first?: number }): Promise<SagaView[]> => {
  const params: unknown[] = [tenant];
  const where = ['tenant = $1'];
  if (name != null) where.push(`name = $${params.push(name)}`);
  if (status != null) where.push(`status = $${params.push(status)}`);
  const limit = Math.max(1, Math.min(500, Math.trunc(first)));
  const { rows } = await sql.query(`SELECT ${columns} FROM ll_sagas WHERE ${where.join(' AND ')} ORDER BY updated_at DESC, id LIMIT $${params.push(limit)}`, params);
  return rows.map(fromRow);
};
