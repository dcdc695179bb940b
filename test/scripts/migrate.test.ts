import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { migrations } from '../../infra/db/migrations/all.js';
import { runScript } from './scriptRunner.js';

describe('npm run migrate', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'll-migrate-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('applies every migration once and says what it applied', async () => {
    const first = await runScript('migrate', [], { DATA_DIR: dataDir });
    assert.equal(first.code, 0, first.stderr);
    for (const [name] of migrations) assert.match(first.stdout, new RegExp(name));
    const second = await runScript('migrate', [], { DATA_DIR: dataDir });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /already up to date/);
  });
});
