import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../infra/config.js';

const rejects = (env: Record<string, string>, variable: string) =>
  assert.throws(() => loadConfig(env, '/srv/ll'), (error: unknown) => error instanceof ConfigError && error.issues.some((issue) => issue.startsWith(`${variable}:`)) && error.message.includes(variable));

describe('configuration', () => {
  it('starts with no configuration on the embedded database, all roles, port 4000', () => {
    const config = loadConfig({}, '/srv/ll');
    assert.equal(config.eventStore, 'pglite');
    assert.equal(config.PORT, 4000);
    assert.equal(config.DATA_DIR, path.resolve('/srv/ll', '.data'));
    assert.deepEqual(config.ROLES, ['gateway', 'projector', 'saga', 'relay', 'ingest']);
    assert.equal(config.DATABASE_URL, null);
    assert.deepEqual(config.KAFKA_BROKERS, []);
  });

  it('uses PostgreSQL when DATABASE_URL is set, and parses lists and numbers', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db/ll', KAFKA_BROKERS: 'k1:9092, k2:9093', ROLES: 'gateway,projector', PORT: '8080' }, '/srv/ll');
    assert.equal(config.eventStore, 'postgres');
    assert.deepEqual(config.KAFKA_BROKERS, ['k1:9092', 'k2:9093']);
    assert.deepEqual(config.ROLES, ['gateway', 'projector']);
    assert.equal(config.PORT, 8080);
  });

  it('stops with a message naming each wrong variable', () => {
    rejects({ PORT: 'eighty' }, 'PORT');
    rejects({ PORT: '70000' }, 'PORT');
    rejects({ DATABASE_URL: 'mysql://db/ll' }, 'DATABASE_URL');
    rejects({ REDIS_URL: 'localhost:6379' }, 'REDIS_URL');
    rejects({ KAFKA_BROKERS: 'k1' }, 'KAFKA_BROKERS');
    rejects({ JWT_SECRET: 'short' }, 'JWT_SECRET');
    rejects({ ROLES: 'gateway,cook' }, 'ROLES');
    rejects({ LOG_LEVEL: 'loud' }, 'LOG_LEVEL');
    rejects({ EVENT_STORE: 'postgres' }, 'EVENT_STORE');
    rejects({ KURRENTDB_URL: 'kurrentdb://localhost:2113' }, 'EVENT_STORE');
  });

  it('names every wrong variable at once', () => {
    assert.throws(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' }), (error: unknown) => error instanceof ConfigError && error.issues.length === 2);
  });
});
