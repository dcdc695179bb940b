import { setTimeout as sleep } from 'node:timers/promises';
import type { Sql } from '../infra/db/db.js';

const POLL_MS = 100;

/**
 * Read-your-writes for a process that does not run the projection itself: polls the projection's row of
 * ll_checkpoints until it has passed `position`, and fails with a message naming the projection after
 * `timeoutMs`.
 */
export const waitForCheckpoint = async (sql: Sql, projection: string, position: number, { timeoutMs, pollMs = POLL_MS }: Readonly<{ timeoutMs: number; pollMs?: number }>): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql.query<{ position: string }>('SELECT position FROM ll_checkpoints WHERE name = $1', [projection]);
    if (Number(rows[0]?.position ?? 0) >= position) return;
    if (Date.now() >= deadline) throw new Error(`The ${projection} projection did not reach log position ${position} within ${timeoutMs} ms`);
    await sleep(pollMs);
  }
};
