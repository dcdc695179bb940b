import type { Decider } from '../shared/decider.js';
import type { TradingCommand } from './commands.js';
import { decide } from './decide.js';
import type { TradingEvent } from './events.js';
import { evolve } from './evolve.js';
import { initialState, type Trade } from './trade.js';

/** The decider of one trade stream (`trade-<tradeId>`). */
export const tradingDecider: Decider<Trade, TradingCommand, TradingEvent> = { decide, evolve, initialState };
