import { AsyncLocalStorage } from 'node:async_hooks';
import type { Log } from '../commands/log.js';

/**
 * The logger of the request being served, for code that is not handed one (yoga's own error log): its
 * lines then carry the request id and correlation id too.
 */
export const requestLog = new AsyncLocalStorage<Log>();
