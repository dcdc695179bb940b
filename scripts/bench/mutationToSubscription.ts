import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { freshDatabase } from '../../infra/db/freshDatabase.js';
import { signToken } from '../../infra/auth/signToken.js';
import { percentile, type Figure } from './measure.js';

const placeTrade = `mutation ($input: PlaceTradeInput!) { placeTrade(input: $input) { consistencyToken } }`;
const root = path.resolve(import.meta.dirname, '../..');

/** Ledgerline as `npm start` runs it, in a process of its own (so the load generator does not share its thread). */
const startLedgerline = (env: Record<string, string>) =>
  new Promise<{ url: string; stop: () => Promise<void> }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: root, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
      const match = /serving GraphQL at (\S+)/.exec(output);
      if (match) resolve({ url: match[1]!, stop: () => new Promise((done) => { child.once('exit', () => done()); child.kill('SIGTERM'); }) });
    });
    child.once('exit', (code) => reject(new Error(`Ledgerline exited (${code}) before serving:\n${output}`)));
  });

export const mutationToSubscription = async ({ baseUrl, commandsPerSecond, seconds }: { baseUrl: string; commandsPerSecond: number; seconds: number }): Promise<Figure[]> => {
  const secret = randomUUID() + randomUUID();
  const system = await startLedgerline({ DATABASE_URL: await freshDatabase(baseUrl, 'll_bench_e'), JWT_SECRET: secret, PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'production' });
  const endpoint = system.url;
  const token = await signToken(secret, { sub: 'bench', tenant: 'bench', roles: ['energy.trader'] });
  const sent = new Map<string, bigint>();
  const failures: string[] = [];
  const latencies: number[] = [];
  let delivered!: () => void;
  const allDelivered = new Promise<void>((resolve) => (delivered = resolve));
  const total = commandsPerSecond * seconds;
  const ws = createClient({ url: endpoint.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` } });
  const unsubscribe = ws.subscribe<{ tradeUpdated: { trade: { id: string } } }>(
    { query: 'subscription { tradeUpdated { cursor trade { id status } } }' },
    {
      next: ({ data }) => {
        const id = data?.tradeUpdated.trade.id;
        const at = id === undefined ? undefined : sent.get(id);
        if (at === undefined || id === undefined) return;
        sent.delete(id);
        latencies.push(Number(process.hrtime.bigint() - at) / 1e6);
        if (latencies.length === total) delivered();
      },
      error: (error) => console.error('subscription error', error),
      complete: () => undefined,
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  const started = Date.now();
  const requests: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / commandsPerSecond;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    const tradeId = randomUUID();
    sent.set(tradeId, process.hrtime.bigint());
    requests.push(
      fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: placeTrade, variables: { input: { tradeId, accountId: `acct-${i % 20}`, instrument: 'ERCOT.HB_NORTH.DA', side: 'BUY', quantityMwh: 1, limitPrice: 30 } } }),
      })
        .then(async (response) => {
          const body = (await response.json()) as { errors?: unknown[] };
          if (body.errors) failures.push(JSON.stringify(body.errors).slice(0, 200));
        })
        .catch((error: Error) => failures.push(`${error.message}: ${String((error.cause as Error | undefined)?.message)}`)),
    );
  }
  await Promise.all(requests);
  const achieved = total / ((Date.now() - started) / 1000);
  await Promise.race([allDelivered, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  unsubscribe();
  await ws.dispose();
  await system.stop();
  const sorted = [...latencies].sort((a, b) => a - b);
  if (failures.length > 0) console.error(`  (e) ${failures.length} mutations failed, e.g. ${failures[0]}`);
  const detail = `${latencies.length}/${total} delivered at ${achieved.toFixed(0)} commands/s${failures.length > 0 ? `, ${failures.length} mutations failed` : ''}`;
  return [
    { name: `(e) mutation → subscription p50 at ${commandsPerSecond}/s`, unit: 'ms', value: percentile(sorted, 50), detail },
    { name: `(e) mutation → subscription p99 at ${commandsPerSecond}/s`, unit: 'ms', value: percentile(sorted, 99), detail },
  ];
};
