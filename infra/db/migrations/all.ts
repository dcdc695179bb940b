import type { Knex } from 'knex';
import * as eventStore from './0001_eventStore.js';
import * as readModels from './0002_readModels.js';
import * as relay from './0003_relay.js';
import * as sagas from './0004_sagas.js';
import * as identityAlerts from './0005_identityAlerts.js';
import * as search from './0006_search.js';
import * as sync from './0007_sync.js';
import * as automations from './0008_automations.js';
import * as scaleOutProjectors from './0009_scaleOutProjectors.js';

export type Migration = Readonly<{ up: (knex: Knex) => Promise<void>; down: (knex: Knex) => Promise<void> }>;

/** Every migration, in order. Add a new one at the end; never rename or edit one that has shipped. */
export const migrations: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['0001_eventStore', eventStore],
  ['0002_readModels', readModels],
  ['0003_relay', relay],
  ['0004_sagas', sagas],
  ['0005_identityAlerts', identityAlerts],
  ['0006_search', search],
  ['0007_sync', sync],
  ['0008_automations', automations],
  ['0009_scaleOutProjectors', scaleOutProjectors],
];
