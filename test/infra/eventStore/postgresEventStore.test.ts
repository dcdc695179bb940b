import { createPostgresEventStore } from '../../../infra/eventStore/postgresEventStore.js';
import { createTestDb, databaseUrl, requireInfra } from '../../support/testDb.js';
import { eventStoreConformance } from './eventStoreConformance.js';

let databases = 0;
const openOn = (kind: 'postgres' | 'pglite') => async () => {
  const db = await createTestDb(`es_conformance_${kind}_${++databases}`, { kind });
  const store = createPostgresEventStore(db);
  return { store, close: async () => { await store.close(); await db.close(); } };
};

eventStoreConformance('PGlite', openOn('pglite'));
if (databaseUrl() !== null) eventStoreConformance('PostgreSQL', openOn('postgres'));
else if (requireInfra()) throw new Error('REQUIRE_INFRA=1 but DATABASE_URL is not set');
