import type { ChangeFeed, ChangeItem } from '../../../projections/changeFeed.js';
import type { PositionUpdate, TradeUpdate } from '../../gatewayServices.js';
import { requirePermission } from '../../auth/authorize.js';
import { updateStream } from '../../subscriptions/updateStream.js';
import { builder } from '../builder.js';
import { PositionRef } from './positionType.js';
import { TradeRef } from './tradeType.js';

const TradeUpdateRef = builder.objectRef<TradeUpdate>('TradeUpdate').implement({
  fields: (t) => ({
    trade: t.field({ type: TradeRef, resolve: (update) => update.trade }),
    cursor: t.expose('cursor', { type: 'LogPosition', description: 'The log position of this change: resume with `after`.' }),
  }),
});

const PositionUpdateRef = builder.objectRef<PositionUpdate>('PositionUpdate').implement({
  fields: (t) => ({
    position: t.field({ type: PositionRef, resolve: (update) => update.position }),
    cursor: t.expose('cursor', { type: 'LogPosition', description: 'The log position of this change: resume with `after`.' }),
  }),
});

/** The changes of one kind, of one tenant (and account), from the change feed. */
const listenTo =
  <U,>(feed: ChangeFeed, pick: (item: ChangeItem) => U | null) =>
  (push: (update: U) => void): (() => void) =>
    feed.subscribe((change) => {
      for (const item of change.changes) {
        const update = pick(item);
        if (update !== null) push(update);
      }
    });

const AFTER_DESCRIPTION =
  'Resume after this cursor: first every update since (also those missed while disconnected), then live ones, each once. ' +
  'Without it, only updates from now on.';

builder.subscriptionFields((t) => ({
  tradeUpdated: t.field({
    type: TradeUpdateRef,
    description: "Every change to a trade of the caller's tenant (of one account when accountId is given).",
    args: { accountId: t.arg.string(), after: t.arg({ type: 'LogPosition', description: AFTER_DESCRIPTION }) },
    subscribe: (_root, { accountId, after }, ctx) => {
      const { tenant } = requirePermission(ctx, 'trade.read');
      const { readModels, changes } = ctx.services;
      const account = accountId ?? null;
      return updateStream<TradeUpdate>({
        after: after ?? null,
        listen: listenTo(changes, (item) =>
          item.kind === 'trade' && item.tenant === tenant && item.trade.tenant === tenant && (account === null || item.trade.accountId === account)
            ? { trade: item.trade, cursor: item.at }
            : null,
        ),
        replay: (from, limit) => readModels.tradeUpdatesAfter({ tenant, after: from, limit, ...(account === null ? {} : { accountId: account }) }),
      });
    },
    resolve: (update) => update,
  }),
  positionChanged: t.field({
    type: PositionUpdateRef,
    description: "Every change to one account's net positions.",
    args: { accountId: t.arg.string({ required: true }), after: t.arg({ type: 'LogPosition', description: AFTER_DESCRIPTION }) },
    subscribe: (_root, { accountId, after }, ctx) => {
      const { tenant } = requirePermission(ctx, 'trade.read');
      const { readModels, changes } = ctx.services;
      return updateStream<PositionUpdate>({
        after: after ?? null,
        listen: listenTo(changes, (item) =>
          item.kind === 'position' && item.tenant === tenant && item.position.tenant === tenant && item.position.accountId === accountId
            ? { position: item.position, cursor: item.at }
            : null,
        ),
        replay: (from, limit) => readModels.positionUpdatesAfter({ tenant, accountId, after: from, limit }),
      });
    },
    resolve: (update) => update,
  }),
}));
