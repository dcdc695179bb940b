import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyToken } from '../../infra/auth/verifyToken.js';
import { runScript } from './scriptRunner.js';

describe('npm run token', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'll-token-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints a JWT signed with the development secret, with the claims of its flags', async () => {
    const { code, stdout } = await runScript('token', ['--tenant', 'globex', '--roles', 'energy.analyst, venue', '--sub', 'ana', '--expires', '2h'], { DATA_DIR: dataDir });
    assert.equal(code, 0);
    const secret = readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8').trim();
    assert.deepEqual(await verifyToken(secret, stdout.trim()), { sub: 'ana', tenant: 'globex', roles: ['energy.analyst', 'venue'] });
    const [, payload] = stdout.trim().split('.');
    const { iat, exp } = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { iat: number; exp: number };
    assert.equal(exp - iat, 7200);
  });

  it('signs with JWT_SECRET when it is set', async () => {
    const secret = 'a-configured-secret-of-at-least-32-characters';
    const { stdout } = await runScript('token', [], { DATA_DIR: dataDir, JWT_SECRET: secret });
    assert.deepEqual(await verifyToken(secret, stdout.trim()), { sub: 'dev-user', tenant: 'acme', roles: ['energy.trader'] });
  });
});
