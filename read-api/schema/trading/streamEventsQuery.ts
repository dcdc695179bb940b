import { requirePermission } from '../../auth/authorize.js';
import { badUserInput } from '../../errors/gatewayError.js';
import { builder } from '../builder.js';
import { EventRecordRef } from './eventRecordType.js';

const MAX_EVENTS = 1000;

builder.queryField('streamEvents', (t) =>
  t.field({
    type: [EventRecordRef],
    description:
      "The events of one of the caller's tenant's streams (e.g. `trade-<id>`), from `fromVersion` (default 1), " +
      `at most ${MAX_EVENTS}. Another tenant's stream reads as empty.`,
    args: { streamId: t.arg.string({ required: true }), fromVersion: t.arg.int() },
    resolve: async (_root, { streamId, fromVersion }, ctx) => {
      const { tenant } = requirePermission(ctx, 'trade.read');
      const from = fromVersion ?? 1;
      if (from < 1) throw badUserInput('fromVersion', 'fromVersion must be 1 or more');
      const events = await ctx.services.events.readStream(streamId, { from, to: from + MAX_EVENTS - 1 });
      // A stream belongs to the tenant of its events; never show another tenant's.
      return events.filter((event) => event.metadata.tenant === tenant);
    },
  }),
);
