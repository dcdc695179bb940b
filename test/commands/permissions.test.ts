import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ForbiddenError } from '../../commands/errors.js';
import { allPermissions, authorise, permissionsFor } from '../../commands/permissions.js';

const sorted = (permissions: ReadonlySet<string>) => [...permissions].sort();

describe('permissions', () => {
  it('map each role to what it may do', () => {
    assert.deepEqual(sorted(permissionsFor(['energy.trader'])), ['alert.acknowledge', 'alert.read', 'document.read', 'document.upload', 'trade.cancel', 'trade.place', 'trade.read']);
    assert.deepEqual(sorted(permissionsFor(['energy.analyst'])), ['alert.raise', 'alert.read', 'document.read', 'document.upload', 'sync.read', 'sync.resolve', 'trade.read']);
    assert.deepEqual(sorted(permissionsFor(['integration'])), ['sync.read', 'sync.record']);
    assert.deepEqual(sorted(permissionsFor(['automation'])), ['alert.raise', 'alert.read']);
    assert.deepEqual(sorted(permissionsFor(['energy.viewer'])), ['alert.read', 'document.read', 'trade.read']);
    assert.deepEqual(sorted(permissionsFor(['venue'])), ['trade.fill', 'trade.read']);
    assert.deepEqual(sorted(permissionsFor(['energy.admin'])), [...allPermissions].sort());
  });

  it('give the union of several roles and nothing for unknown ones', () => {
    assert.deepEqual(sorted(permissionsFor(['energy.trader', 'venue'])), ['alert.acknowledge', 'alert.read', 'document.read', 'document.upload', 'trade.cancel', 'trade.fill', 'trade.place', 'trade.read']);
    assert.deepEqual(sorted(permissionsFor(['root', 'toString', '__proto__'])), []);
    assert.deepEqual(sorted(permissionsFor([])), []);
  });

  it('authorise throws ForbiddenError naming the missing permission', () => {
    assert.doesNotThrow(() => authorise(['energy.admin'], 'trade.fill'));
    assert.throws(() => authorise(['energy.trader'], 'trade.fill'), (error: unknown) => error instanceof ForbiddenError && error.permission === 'trade.fill');
  });
});
