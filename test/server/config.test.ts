import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadServerConfig } from '../../src/server/config.js';
import { tempDir } from '../helpers/tmp.js';

describe('server configuration', () => {
  it('layers defaults < file < environment < flags', () => {
    const file = join(tempDir(), 'veil.yaml');
    writeFileSync(file, 'port: 9000\nhost: 0.0.0.0\nbodyLimit: 4096\nrateLimit: false\n');
    const config = loadServerConfig({
      file,
      env: { VEIL_PORT: '9100', VEIL_LOG_LEVEL: 'warn' },
      flags: { port: '9200' },
    });
    assert.equal(config.port, 9200);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.bodyLimit, 4096);
    assert.equal(config.rateLimit, false);
    assert.equal(config.logLevel, 'warn');
    assert.equal(config.dataDir, '.veil/db');
    assert.equal(config.authCacheMs, 5000);
    const env = loadServerConfig({ env: { VEIL_RATE_LIMIT: '50', DATABASE_URL: 'postgres://x@h/db' } });
    assert.deepEqual(env.rateLimit, { perSecond: 50, burst: 100 });
    assert.equal(env.databaseUrl, 'postgres://x@h/db');
  });

  it('rejects bad settings with a usage error naming the setting, not the value', () => {
    assert.throws(
      () => loadServerConfig({ env: { VEIL_PORT: '70000' } }),
      (err: Error & { kind?: string; where?: string }) =>
        err.kind === 'usage' && err.where === 'environment: port',
    );
    const file = join(tempDir(), 'bad.yaml');
    writeFileSync(file, 'databaseUrl: 5\nsecretish: hunter2\n');
    assert.throws(
      () => loadServerConfig({ file, env: {} }),
      (err: Error) => !err.message.includes('hunter2'),
    );
    assert.throws(() => loadServerConfig({ file: join(tempDir(), 'missing.yaml'), env: {} }), /cannot read/);
  });
});
