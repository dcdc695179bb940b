import type { PositionView } from './changeFeed.js';
import { byInstrument, type HotPositions } from './hotPositions.js';

/** The hot positions of the embedded mode: a map in this process, rebuilt from SQL at start. */
export const createInProcessHotPositions = (): HotPositions => {
  const accounts = new Map<string, Map<string, PositionView>>();
  let checkpoint = 0;
  const accountKey = (tenant: string, accountId: string): string => JSON.stringify([tenant, accountId]);
  return {
    apply: async (changes, position) => {
      if (position <= checkpoint) return;
      for (const change of changes) {
        if (change.kind !== 'position' || change.at <= checkpoint) continue;
        const { position: view } = change;
        const key = accountKey(view.tenant, view.accountId);
        const account = accounts.get(key) ?? new Map<string, PositionView>();
        account.set(view.instrument, view);
        accounts.set(key, account);
      }
      checkpoint = position;
    },
    list: async (tenant, accountId) => [...(accounts.get(accountKey(tenant, accountId))?.values() ?? [])].sort(byInstrument),
    checkpoint: async () => checkpoint,
  };
};
