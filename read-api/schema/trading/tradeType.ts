import type { TradeView } from '../../../projections/changeFeed.js';
import { builder } from '../builder.js';

export const TradeSide = builder.enumType('TradeSide', { values: ['BUY', 'SELL'] as const });

export const TradeStatus = builder.enumType('TradeStatus', {
  values: ['OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED'] as const,
});

export const TradeRef = builder.objectRef<TradeView>('Trade').implement({
  description: 'A power trade of one account: quantities in MWh, prices in $/MWh (they can be negative).',
  fields: (t) => ({
    id: t.exposeID('id'),
    accountId: t.exposeString('accountId'),
    instrument: t.exposeString('instrument', { description: 'e.g. ERCOT.HB_NORTH.DA' }),
    side: t.expose('side', { type: TradeSide }),
    quantityMwh: t.exposeFloat('quantityMwh'),
    filledMwh: t.exposeFloat('filledMwh'),
    limitPrice: t.exposeFloat('limitPrice'),
    averageFillPrice: t.exposeFloat('averageFillPrice', { nullable: true }),
    status: t.expose('status', { type: TradeStatus }),
    version: t.exposeInt('version', { description: "The version of the trade's stream this view reflects." }),
    placedAt: t.exposeString('placedAt', { description: 'ISO 8601' }),
    updatedAt: t.exposeString('updatedAt', { description: 'ISO 8601' }),
  }),
});
