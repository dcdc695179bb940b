import { DomainError } from '../shared/domainError.js';

export type TradingErrorCode = 'RISK_LIMIT_EXCEEDED' | 'TRADE_NOT_OPEN' | 'TRADE_OVERFILLED' | 'TRADE_ID_CONFLICT' | 'TRADE_NOT_FOUND';

export type TradingError = DomainError<TradingErrorCode>;

export const tradingError = (code: TradingErrorCode, message: string, details: Record<string, unknown>): TradingError =>
  new DomainError(code, message, details);
