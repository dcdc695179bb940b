/**
 * npm run bench: Ledgerline's throughput and latency on this machine's PostgreSQL, each figure also as a
 * ratio to a raw-INSERT baseline measured in the same run (the machine is shared and noisy, so absolute
 * numbers drift; ratios less so). Prints a table and writes bench-results/bench-<time>.json.
 *
 *   npm run bench [-- --events 200000 --only a,b,c,d,e,f,h]
 *
 * (a) raw INSERT baseline, (b) appends, (c) command bus, (d) projection catch-up, (e) mutation to
 * subscription, (f)/(g) the Kafka relay and its lag (they use KAFKA_BROKERS, `npm run kafka -- start`,
 * and are skipped when it is not set), (h) document indexing and search over 10,000 documents.
 *
 * Uses DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres), in a database
 * `ll_bench` that it drops and creates.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connectPostgres, type Db } from '../infra/db/db.js';
import { freshDatabase } from '../infra/db/freshDatabase.js';
import { migrate } from '../infra/db/migrate.js';
import { createPostgresEventStore } from '../infra/eventStore/postgresEventStore.js';
import { commandBusPlaceTrade } from './bench/commandBusPlaceTrade.js';
import { concurrentAppends } from './bench/concurrentAppends.js';
import type { Figure } from './bench/measure.js';
import { projectionCatchUp, seedTrades } from './bench/projectionCatchUp.js';
import { rawInsertBaseline } from './bench/rawInsertBaseline.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '200000' }, only: { type: 'string', default: 'a,b,c,d,e,f,h' } } });
const catchUpEvents = Number(values.events);
const only = new Set(values.only.split(','));
const baseUrl = process.env['DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres';

const freshDb = async (name: string): Promise<Db> => {
  const db = connectPostgres({ connectionString: await freshDatabase(baseUrl, name), max: 20 });
  await migrate(db);
  return db;
};

const withStore = async <T,>(name: string, run: (db: Db, store: ReturnType<typeof createPostgresEventStore>) => Promise<T>): Promise<T> => {
  const db = await freshDb(name);
  const store = createPostgresEventStore(db);
  try {
    return await run(db, store);
  } finally {
    await store.close();
    await db.close();
  }
};

const figures: Figure[] = [];
const report = (figure: Figure) => {
  figures.push(figure);
  console.error(`  ${figure.name}: ${figure.value.toFixed(1)} ${figure.unit} (${figure.detail})`);
};

console.error(`Ledgerline bench on ${new URL(baseUrl).host}, node ${process.version}`);
report(await withStore('ll_bench', (db) => rawInsertBaseline(db, 100_000)));
if (only.has('b')) report(await withStore('ll_bench', (_db, store) => concurrentAppends(store, 20_000, 16)));
if (only.has('c')) report(await withStore('ll_bench', (_db, store) => commandBusPlaceTrade(store, 20_000, 32)));
if (only.has('d')) {
  report(await withStore('ll_bench', async (db, store) => {
    await seedTrades(store, catchUpEvents);
    return projectionCatchUp(db, store, 500);
  }));
}
if (only.has('e')) {
  const { mutationToSubscription } = await import('./bench/mutationToSubscription.js');
  for (const figure of await mutationToSubscription({ baseUrl, commandsPerSecond: 200, seconds: 15 })) report(figure);
  // The same path at a quarter of the rate: where the latency lies when the process is not saturated.
  for (const figure of await mutationToSubscription({ baseUrl, commandsPerSecond: 50, seconds: 15 })) report(figure);
}
if (only.has('f')) {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',').filter((b) => b !== '');
  if (brokers.length === 0) console.error('  (f) relay, (g) end-to-end lag: skipped, KAFKA_BROKERS is not set');
  else {
    const { endToEndLag, relayThroughput } = await import('./bench/kafkaRelay.js');
    for (const figure of await withStore('ll_bench', (db, store) => relayThroughput({ db, store, brokers, count: 50_000 }))) report(figure);
    for (const figure of await withStore('ll_bench', (db, store) => endToEndLag({ db, store, brokers, eventsPerSecond: 200, seconds: 10 }))) report(figure);
  }
}

if (only.has('h')) {
  const { documentSearch } = await import('./bench/documentSearch.js');
  for (const figure of await withStore('ll_bench', (db, store) => documentSearch(db, store))) report(figure);
}

const baseline = figures[0]!.value;
const rows = figures.map((figure) => ({
  ...figure,
  value: Number(figure.value.toFixed(2)),
  ratioToBaseline: figure.unit === 'events/s' ? Number((figure.value / baseline).toFixed(3)) : null,
}));
console.table(rows.map(({ name, value, unit, ratioToBaseline, detail }) => ({ name, value, unit, 'ratio to (a)': ratioToBaseline ?? '', detail })));
const out = path.resolve(import.meta.dirname, '..', 'bench-results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, database: new URL(baseUrl).host, figures: rows }, null, 2)}\n`);
console.error(`written to ${path.relative(process.cwd(), out)}`);
