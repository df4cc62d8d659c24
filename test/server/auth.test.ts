import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiKeys } from '../../src/store/apikeys.js';
import { BACKENDS, skipUnavailable } from '../store/backends.js';
import { harness, secretOf } from './harness.js';

async function lastDenial(
  h: Awaited<ReturnType<typeof harness>>,
): Promise<Record<string, unknown> | undefined> {
  const page = await h.app.veil.audit.list({ action: 'auth.denied', limit: 1000 });
  const last = page.entries[page.entries.length - 1];
  return last && { actor: last.actor, target: last.targetId, ...last.details };
}

for (const backend of BACKENDS) {
  describe(`authentication and authorization on ${backend.name}`, () => {
    it('answers 401 to missing, malformed, unknown, wrong-secret, expired and revoked keys, auditing each', async (t) => {
      if (await skipUnavailable(t, backend)) return;
      const h = await harness({}, backend);
      const good = await h.token(['audit:read']);
      const expired = await h.token(['audit:read'], new Date(Date.now() - 1000));
      const revoked = await h.token(['audit:read']);
      await new ApiKeys(h.db).revoke(revoked.slice(5, 21));
      const goodId = good.slice(5, 21);
      const wrongSecret = `veil_${goodId}_${'x'.repeat(43)}`;
      const unknownId = `veil_${'a'.repeat(16)}_${secretOf(good)}`;
      const cases: [Record<string, string>, string][] = [
        [{}, 'missing'],
        [{ authorization: 'Basic dXNlcjpwYXNz' }, 'missing'],
        [{ authorization: 'Bearer not-a-veil-key' }, 'malformed'],
        [h.bearer(unknownId), 'unknown'],
        [h.bearer(wrongSecret), 'bad_secret'],
        [h.bearer(expired), 'expired'],
        [h.bearer(revoked), 'revoked'],
      ];
      for (const [headers, reason] of cases) {
        const res = await h.app.inject({ method: 'GET', url: '/v1/audit', headers });
        assert.equal(res.statusCode, 401, reason);
        assert.equal(res.json().error.code, 'UNAUTHENTICATED');
        assert.match(String(res.headers['www-authenticate']), /^Bearer/);
        const denial = await lastDenial(h);
        assert.equal(denial?.reason, reason);
        assert.equal(denial?.status, 401);
        assert.equal(denial?.target, 'GET /v1/audit');
      }
      assert.equal((await lastDenial(h))?.actor, revoked.slice(5, 21), 'a real key that failed is named');
      const ok = await h.app.inject({ method: 'GET', url: '/v1/audit', headers: h.bearer(good) });
      assert.equal(ok.statusCode, 200);
      const lower = await h.app.inject({
        method: 'GET',
        url: '/v1/audit',
        headers: { authorization: `bearer ${good}` },
      });
      assert.equal(lower.statusCode, 200, 'the scheme is case-insensitive');
    });

    it('answers 403 to a valid key without the scope, auditing the denial with the key id', async (t) => {
      if (await skipUnavailable(t, backend)) return;
      const h = await harness({}, backend);
      const protectOnly = await h.token(['protect']);
      const res = await h.app.inject({
        method: 'GET',
        url: '/v1/audit/verify',
        headers: h.bearer(protectOnly),
      });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().error.code, 'FORBIDDEN');
      const denial = await lastDenial(h);
      assert.equal(denial?.actor, protectOnly.slice(5, 21));
      assert.equal(denial?.reason, 'scope');
      assert.equal(denial?.required_scope, 'audit:read');
      const admin = await h.token(['admin']);
      const asAdmin = await h.app.inject({
        method: 'GET',
        url: '/v1/audit/verify',
        headers: h.bearer(admin),
      });
      assert.equal(asAdmin.statusCode, 200, 'admin holds every scope');
      const adminOnly = await h.app.inject({
        method: 'GET',
        url: '/v1/apikeys',
        headers: h.bearer(await h.token(['audit:read'])),
      });
      assert.equal(adminOnly.statusCode, 403);
    });

    it('reuses an authentication briefly, but a revocation through the API applies at once', async (t) => {
      if (await skipUnavailable(t, backend)) return;
      const h = await harness({ authCacheMs: 300 }, backend);
      const admin = h.bearer(await h.token(['admin']));
      const user = await h.token(['audit:read']);
      const get = async (): Promise<number> =>
        (await h.app.inject({ method: 'GET', url: '/v1/audit?limit=1', headers: h.bearer(user) })).statusCode;
      assert.equal(await get(), 200);
      const revoke = await h.app.inject({
        method: 'DELETE',
        url: `/v1/apikeys/${user.slice(5, 21)}`,
        headers: admin,
      });
      assert.equal(revoke.statusCode, 200);
      assert.equal(await get(), 401, 'revoked through this server: refused on the next request');

      const other = await h.token(['audit:read']);
      const getOther = async (): Promise<number> =>
        (await h.app.inject({ method: 'GET', url: '/v1/audit?limit=1', headers: h.bearer(other) }))
          .statusCode;
      assert.equal(await getOther(), 200);
      await new ApiKeys(h.db).revoke(other.slice(5, 21)); // as another process would, behind the cache
      assert.equal(await getOther(), 200, 'within the TTL the cached authentication holds');
      await new Promise((r) => setTimeout(r, 350));
      assert.equal(await getOther(), 401, 'after the TTL the revocation applies');
    });

    it('rate-limits per key with 429 and Retry-After, without starving other keys', async (t) => {
      if (await skipUnavailable(t, backend)) return;
      const h = await harness({ rateLimit: { perSecond: 1, burst: 3 } }, backend);
      const a = await h.token(['audit:read']);
      const b = await h.token(['audit:read']);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push(
          (await h.app.inject({ method: 'GET', url: '/v1/audit?limit=1', headers: h.bearer(a) })).statusCode,
        );
      }
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      const limited = await h.app.inject({ method: 'GET', url: '/v1/audit?limit=1', headers: h.bearer(a) });
      assert.equal(limited.json().error.code, 'RATE_LIMITED');
      assert.ok(Number(limited.headers['retry-after']) >= 1);
      const other = await h.app.inject({ method: 'GET', url: '/v1/audit?limit=1', headers: h.bearer(b) });
      assert.equal(other.statusCode, 200);
    });

    it('never lets a key secret reach a response, a log line or an audit entry', async (t) => {
      if (await skipUnavailable(t, backend)) return;
      const h = await harness({}, backend);
      const admin = await h.token(['admin']);
      const reader = await h.token(['audit:read']);
      const responses: string[] = [];
      const send = async (
        method: 'GET' | 'POST' | 'DELETE',
        url: string,
        token?: string,
        body?: unknown,
      ): Promise<void> => {
        const res = await h.app.inject({
          method,
          url,
          ...(token ? { headers: h.bearer(token) } : {}),
          ...(body ? { payload: body as object } : {}),
        });
        responses.push(res.body, JSON.stringify(res.headers));
      };
      const created = await h.app.inject({
        method: 'POST',
        url: '/v1/apikeys',
        headers: h.bearer(admin),
        payload: { roles: ['reveal'] },
      });
      assert.equal(created.statusCode, 201);
      const newToken = created.json().token as string;
      h.tokens.push(newToken);
      await send('GET', '/v1/apikeys', admin);
      await send('GET', '/v1/audit?limit=1000', reader);
      await send('GET', '/v1/audit', `${reader}x`);
      await send('GET', '/v1/apikeys', reader);
      await send('GET', `/v1/audit?actor=${encodeURIComponent(admin)}`, reader);
      await send('GET', '/v1/audit/verify', newToken);
      await send('DELETE', `/v1/apikeys/${newToken.slice(5, 21)}`, admin);
      await send('GET', '/v1/audit', newToken);
      await send('GET', '/metrics');
      const audit = await h.db.query('SELECT * FROM audit_log');
      const haystacks = {
        responses: responses.join('\n'),
        logs: h.logs.text,
        audit: JSON.stringify(audit.rows),
      };
      assert.ok(h.logs.lines.length > 10, 'the server did log');
      for (const token of h.tokens) {
        for (const [where, text] of Object.entries(haystacks)) {
          assert.ok(!text.includes(secretOf(token)), `a key secret leaked into ${where}`);
        }
      }
    });
  });
}
