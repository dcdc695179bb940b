import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';

export type { WebSocketServer } from 'ws';

/** A `ws` server sharing an HTTP server's port, answering upgrades on one path only. */
export const createWebSocketServer = ({ server, path }: { server: Server; path: string }): WebSocketServer =>
  new WebSocketServer({ server, path });
