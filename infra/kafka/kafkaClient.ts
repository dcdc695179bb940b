import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Log } from '../../commands/log.js';

export type KafkaClientOptions = Readonly<{ brokers: readonly string[]; clientId?: string; log: Log }>;

const levels: Readonly<Record<number, 'error' | 'warn' | 'info' | 'debug'>> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client whose own logging goes through the Log port (kafkajs' info chatter is logged as debug). */
export const createKafkaClient = ({ brokers, clientId = 'ledgerline', log }: KafkaClientOptions): Kafka =>
  new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.WARN,
    logCreator: () => ({ namespace, level, log: { message, ...extra } }: LogEntry) => {
      const name = levels[level] ?? 'debug';
      log[name === 'info' ? 'debug' : name]({ kafkajs: namespace, ...extra }, message);
    },
  });
