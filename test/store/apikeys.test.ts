import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { ApiKeys, hasScope, parseDuration } from '../../src/store/apikeys.js';
import type { Database } from '../../src/store/database.js';
import { BACKENDS, postgresReachable, skipUnavailable } from './backends.js';

for (const backend of BACKENDS) {
  describe(`API keys on ${backend.name}`, () => {
    let db: Database | undefined;
    let dispose: (() => Promise<void>) | undefined;
    before(async () => {
      if (backend.name === 'postgres' && !(await postgresReachable())) return;
      ({ db, dispose } = await backend.open());
    });
    after(async () => dispose?.());
    const ready = async (t: TestContext): Promise<Database | undefined> =>
      (await skipUnavailable(t, backend)) ? undefined : db;

    it('creates a key shown once and stores only a hash of its secret', async (t) => {
      const store = await ready(t);
      if (!store) return;
      const keys = new ApiKeys(store);
      const { key, token } = await keys.create({ roles: ['protect'], createdBy: 'test' });
      assert.match(token, /^veil_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      assert.ok(token.startsWith(`veil_${key.id}_`));
      const secret = token.slice(`veil_${key.id}_`.length);
      const dump = await store.query(
        "SELECT row_to_json(k)::text AS j, encode(secret_hash, 'hex') AS h FROM api_keys k",
      );
      const text = JSON.stringify(dump.rows);
      assert.ok(!text.includes(secret), 'the secret is not in the table');
      assert.ok(!text.includes(Buffer.from(secret).toString('hex')), 'nor its bytes');
      const auth = await keys.authenticate(token);
      assert.equal(auth.ok, true);
      assert.deepEqual(auth.ok && auth.key.roles, ['protect']);
    });

    it('refuses malformed, unknown, wrong-secret, revoked and expired tokens', async (t) => {
      const store = await ready(t);
      if (!store) return;
      const keys = new ApiKeys(store);
      const { key, token } = await keys.create({ roles: ['admin'], createdBy: 'test' });
      const reason = async (tok: string, now?: Date): Promise<string> => {
        const result = await keys.authenticate(tok, now);
        return result.ok ? 'ok' : result.reason;
      };
      assert.equal(await reason('Bearer nonsense'), 'malformed');
      assert.equal(await reason(`veil_${'0'.repeat(16)}_${'A'.repeat(43)}`), 'unknown');
      const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
      assert.equal(await reason(flipped), 'bad_secret');
      const expiring = await keys.create({
        roles: ['reveal'],
        createdBy: 'test',
        expiresAt: new Date(Date.now() + 60_000),
      });
      assert.equal(await reason(expiring.token), 'ok');
      assert.equal(await reason(expiring.token, new Date(Date.now() + 120_000)), 'expired');
      assert.equal(await keys.revoke(key.id), true);
      assert.equal(await reason(token), 'revoked');
      assert.equal(await keys.revoke('nope'), false);
      assert.ok((await keys.get(key.id))?.revokedAt instanceof Date);
      assert.ok((await keys.list()).some((k) => k.id === key.id));
    });
  });
}

describe('scopes and durations', () => {
  it('admin holds every scope; others only their own', () => {
    assert.equal(hasScope({ roles: ['admin'] }, 'reveal'), true);
    assert.equal(hasScope({ roles: ['protect'] }, 'reveal'), false);
    assert.equal(hasScope({ roles: ['protect', 'reveal'] }, 'reveal'), true);
  });
  it('parses 30d, 12h, 90m, 2w and rejects the rest', () => {
    assert.equal(parseDuration('30d'), 30 * 86_400_000);
    assert.equal(parseDuration('12h'), 12 * 3_600_000);
    assert.equal(parseDuration('2w'), 14 * 86_400_000);
    for (const bad of ['', '0d', '-1d', '5y', '1.5d', 'd'])
      assert.throws(() => parseDuration(bad), /duration/);
  });
});
