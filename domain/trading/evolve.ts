import { assertNever } from '../shared/domainError.js';
import type { TradingEvent } from './events.js';
import type { Trade } from './trade.js';

/** Applies one event to a trade. Never throws: an event that cannot apply to the state leaves it as it is. */
export const evolve = (state: Trade, event: TradingEvent): Trade => {
  switch (event.type) {
    case 'TradePlaced':
      return state.status === 'none' ? { ...event.data, status: 'open', filledMwh: 0, fillIds: [] } : state;
    case 'TradeFilled': {
      if (state.status === 'none') return state;
      const fills = { filledMwh: event.data.totalFilledMwh, fillIds: [...state.fillIds, event.data.fillId] };
      if (state.status === 'cancelled') return { ...state, ...fills };
      return { ...state, ...fills, status: event.data.complete ? 'filled' : 'partiallyFilled' };
    }
    case 'TradeCancelled':
      if (state.status === 'none') return state;
      return { ...state, status: 'cancelled', reason: event.data.reason, cancelledAt: event.data.cancelledAt };
    default:
      return assertNever(event);
  }
};
