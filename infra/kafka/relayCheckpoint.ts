import type { Sql } from '../db/db.js';

/** The relay's position (0 when it never ran). */
export const readRelayCheckpoint = async (sql: Sql, name: string): Promise<number> => {
  const { rows } = await sql.query<{ position: string }>('SELECT position FROM ll_relay_checkpoints WHERE name = $1', [name]);
  return rows[0] === undefined ? 0 : Number(rows[0].position);
};

export class RelayCheckpointMovedError extends Error {
  readonly code = 'RELAY_CHECKPOINT_MOVED';
  constructor(readonly relay: string, readonly expected: number) {
    super(`Relay ${relay}: its checkpoint is no longer at ${expected}; is another relay with that name running?`);
    this.name = 'RelayCheckpointMovedError';
  }
}

/** Moves the checkpoint from `from` to `to`; throws RelayCheckpointMovedError when someone else moved it. */
export const advanceRelayCheckpoint = async (sql: Sql, name: string, from: number, to: number): Promise<void> => {
  const { rowCount } = await sql.query(
    `INSERT INTO ll_relay_checkpoints AS c (name, position) VALUES ($1, $3)
     ON CONFLICT (name) DO UPDATE SET position = $3, updated_at = now() WHERE c.position = $2`,
    [name, from, to],
  );
  if (rowCount !== 1) throw new RelayCheckpointMovedError(name, from);
};
