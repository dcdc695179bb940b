import type { PositionView } from '../../../projections/changeFeed.js';
import { builder } from '../builder.js';

export const PositionRef = builder.objectRef<PositionView>('Position').implement({
  description: "An account's net position in one instrument: filled BUY MWh minus filled SELL MWh.",
  fields: (t) => ({
    accountId: t.exposeString('accountId'),
    instrument: t.exposeString('instrument'),
    netMwh: t.exposeFloat('netMwh'),
    averagePrice: t.exposeFloat('averagePrice', { nullable: true }),
    updatedAt: t.exposeString('updatedAt', { description: 'ISO 8601' }),
  }),
});
