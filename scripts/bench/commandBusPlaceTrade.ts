import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../commands/eventStore.js';
import { createTradingCommands } from '../../commands/trading/tradingCommands.js';
import { inParallel, throughput, type Figure } from './measure.js';

/** (c) PlaceTrade through the command bus (validate, authorise, load, decide, append), `concurrency` at once. */
export const commandBusPlaceTrade = (store: EventStore, count: number, concurrency: number): Promise<Figure> => {
  const commands = createTradingCommands({ store });
  const context = { tenant: 'bench', actor: 'bench-trader', roles: ['energy.trader'], correlationId: randomUUID(), traceparent: null };
  return throughput(`(c) command bus PlaceTrade, ${concurrency} concurrent`, count, 'events/s', () =>
    inParallel(count, concurrency, async (i) => {
      await commands.placeTrade(
        { accountId: `acct-${i % 50}`, instrument: 'ERCOT.HB_NORTH.DA', side: i % 2 === 0 ? 'BUY' : 'SELL', quantityMwh: 5, limitPrice: 42.5 },
        context,
      );
    }),
  );
};
