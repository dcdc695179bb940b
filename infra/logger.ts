import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger } from 'pino';

/**
 * The process logger: pino, one JSON object per line, with `timestamp`, `level` (as a word), `service`
 * and `message`. pino's Logger satisfies the Log port of commands/log.ts. A request's lines come from
 * a child logger carrying its requestId and correlationId (see read-api/server.ts).
 */
export const createLogger = (
  config: Pick<Config, 'LOG_LEVEL'>,
  { destination, service = 'ledgerline' }: { destination?: DestinationStream; service?: string } = {},
): Logger => {
  const options = {
    level: config.LOG_LEVEL,
    base: { service },
    messageKey: 'message',
    timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
};
