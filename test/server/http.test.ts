import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { InputError, VeilError } from '../../src/core/errors.js';
import { harness } from './harness.js';

/** Test-only routes exercising paths the foundation routes cannot reach on their own. */
async function probeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/v1/probe/crash', { config: { scope: 'protect' } }, async () => {
    throw new Error('driver said: value 123-45-6789 violates constraint');
  });
  app.get('/v1/probe/input', { config: { scope: 'protect' } }, async () => {
    throw new InputError('unknown field', {
      where: 'body.field',
      hint: 'list the fields first',
      code: 'UNKNOWN_FIELD',
    });
  });
  app.get('/v1/probe/check', { config: { scope: 'protect' } }, async () => {
    throw new VeilError('check', 'policy has conflicts', { code: 'POLICY_CONFLICT' });
  });
  app.get('/v1/probe/slow', { config: { scope: 'protect' } }, async () => {
    await sleep(400);
    return { done: true };
  });
}

describe('HTTP behaviour', () => {
  it('answers 413 to an oversized body and 400 to malformed JSON, without echoing the body', async () => {
    const h = await harness({ bodyLimit: 2048 });
    const admin = h.bearer(await h.token(['admin']));
    const big = await h.app.inject({
      method: 'POST',
      url: '/v1/apikeys',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: JSON.stringify({ roles: ['protect'], name: 'x'.repeat(5000) }),
    });
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().error.message, 'request body too large');
    const broken = await h.app.inject({
      method: 'POST',
      url: '/v1/apikeys',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"roles": ["protect"], "name": "SSN 123-45-6789"',
    });
    assert.equal(broken.statusCode, 400);
    assert.ok(!broken.body.includes('123-45-6789'), 'the parse error does not quote the body');
    assert.ok(!h.logs.text.includes('123-45-6789'), 'nor does the log');
  });

  it('validates bodies and parameters against their JSON schemas', async () => {
    const h = await harness();
    const admin = h.bearer(await h.token(['admin']));
    const badRole = await h.app.inject({
      method: 'POST',
      url: '/v1/apikeys',
      headers: admin,
      payload: { roles: ['root'] },
    });
    assert.equal(badRole.statusCode, 400);
    assert.equal(badRole.json().error.code, 'VALIDATION');
    const extra = await h.app.inject({
      method: 'POST',
      url: '/v1/apikeys',
      headers: admin,
      payload: { roles: ['protect'], sneaky: 1 },
    });
    assert.equal(extra.statusCode, 400);
    const badId = await h.app.inject({ method: 'DELETE', url: "/v1/apikeys/1'%20OR%201=1", headers: admin });
    assert.equal(badId.statusCode, 400);
    const missing = await h.app.inject({
      method: 'DELETE',
      url: `/v1/apikeys/${'0'.repeat(16)}`,
      headers: admin,
    });
    assert.equal(missing.statusCode, 404);
    const sqlName = "x'); DROP TABLE api_keys; --";
    const named = await h.app.inject({
      method: 'POST',
      url: '/v1/apikeys',
      headers: admin,
      payload: { roles: ['protect'], name: sqlName },
    });
    assert.equal(named.statusCode, 201);
    const listed = await h.app.inject({ method: 'GET', url: '/v1/apikeys', headers: admin });
    assert.ok(
      (listed.json().keys as { name: string }[]).some((k) => k.name === sqlName),
      'stored verbatim, table intact',
    );
  });

  it('treats SQL-ish strings in every audit filter as plain values', async () => {
    const h = await harness();
    const reader = h.bearer(await h.token(['audit:read']));
    await h.app.veil.audit.append({
      actor: 'someone',
      action: 'protect',
      targetType: 'dataset',
      targetId: 'customers',
    });
    const evil = ["' OR '1'='1", "x'; DROP TABLE audit_log; --", '1) OR (1=1', '%', '\\', '$1'];
    for (const field of ['actor', 'action', 'target_type', 'target_id']) {
      for (const value of evil) {
        const res = await h.app.inject({
          method: 'GET',
          url: '/v1/audit',
          query: { [field]: value },
          headers: reader,
        });
        assert.equal(res.statusCode, 200, `${field}=${value}`);
        assert.equal(res.json().entries.length, 0, `${field}=${value} matched nothing`);
      }
    }
    for (const [field, value] of [
      ['cursor', '1; DROP TABLE audit_log'],
      ['since', "2020-01-01' OR 1=1"],
      ['limit', '1 OR 1=1'],
    ]) {
      const res = await h.app.inject({
        method: 'GET',
        url: '/v1/audit',
        query: { [field as string]: value as string },
        headers: reader,
      });
      assert.equal(res.statusCode, 400, `${field} is validated before it reaches SQL`);
    }
    const verify = await h.app.inject({ method: 'GET', url: '/v1/audit/verify', headers: reader });
    assert.equal(verify.json().ok, true, 'the audit log is intact');
  });

  it('filters and pages the audit log over HTTP', async () => {
    const h = await harness();
    const reader = h.bearer(await h.token(['audit:read']));
    for (let i = 0; i < 5; i++)
      await h.app.veil.audit.append({ actor: 'pager', action: 'protect', details: { i } });
    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const query: Record<string, string> = {
        actor: 'pager',
        limit: '2',
        ...(cursor !== null ? { cursor: String(cursor) } : {}),
      };
      const res = await h.app.inject({ method: 'GET', url: '/v1/audit', query, headers: reader });
      const body = res.json() as { entries: { details: { i: number } }[]; next_cursor: number | null };
      seen.push(...body.entries.map((e) => e.details.i));
      cursor = body.next_cursor;
    } while (cursor !== null);
    assert.deepEqual(seen, [0, 1, 2, 3, 4]);
    const future = await h.app.inject({
      method: 'GET',
      url: '/v1/audit',
      query: { since: '2999-01-01T00:00:00Z' },
      headers: reader,
    });
    assert.equal(future.json().entries.length, 0);
  });

  it('maps VeilError kinds to 4xx with where and hint, and hides internal errors', async () => {
    const h = await harness({ plugins: [probeRoutes] });
    const auth = h.bearer(await h.token(['protect']));
    const input = await h.app.inject({ method: 'GET', url: '/v1/probe/input', headers: auth });
    assert.equal(input.statusCode, 422);
    assert.deepEqual(input.json().error, {
      code: 'UNKNOWN_FIELD',
      message: 'unknown field',
      where: 'body.field',
      hint: 'list the fields first',
    });
    assert.equal(
      (await h.app.inject({ method: 'GET', url: '/v1/probe/check', headers: auth })).statusCode,
      409,
    );
    const crash = await h.app.inject({ method: 'GET', url: '/v1/probe/crash', headers: auth });
    assert.equal(crash.statusCode, 500);
    assert.equal(crash.json().error.code, 'INTERNAL');
    assert.ok(!crash.body.includes('123-45-6789') && !h.logs.text.includes('123-45-6789'));
    const unknown = await h.app.inject({ method: 'GET', url: '/v1/nope', headers: auth });
    assert.equal(unknown.statusCode, 404);
  });

  it('serves health, readiness, metrics and the OpenAPI document without a key', async () => {
    const h = await harness();
    assert.deepEqual((await h.app.inject('/healthz')).json(), { status: 'ok' });
    assert.deepEqual((await h.app.inject('/readyz')).json(), { status: 'ready', store: 'pglite' });
    await h.app.inject({ method: 'GET', url: '/v1/audit' }); // a 401 to count
    h.app.veil.metrics.valuesProtected.inc({ operator: 'mask' }, 3);
    const metrics = (await h.app.inject('/metrics')).body;
    assert.match(metrics, /veil_http_requests_total\{method="GET",route="\/v1\/audit",status="401"\} 1/);
    assert.match(metrics, /veil_http_request_duration_seconds_bucket\{.*route="\/healthz"/);
    assert.match(metrics, /veil_http_errors_total\{route="\/v1\/audit",class="client"\} 1/);
    assert.match(metrics, /veil_values_protected_total\{operator="mask"\} 3/);
    const doc = (await h.app.inject('/openapi.json')).json() as {
      paths: Record<string, Record<string, { responses?: unknown }>>;
    };
    for (const path of [
      '/v1/audit',
      '/v1/audit/verify',
      '/v1/apikeys',
      '/v1/apikeys/{id}',
      '/healthz',
      '/readyz',
    ]) {
      assert.ok(doc.paths[path], `${path} is documented`);
      for (const op of Object.values(doc.paths[path] ?? {}))
        assert.ok(op.responses, `${path} has response schemas`);
    }
    const docs = await h.app.inject('/docs/');
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger/i);
  });

  it('reports not-ready when the store stops answering', async () => {
    const h = await harness();
    const failing = { ...h.db, query: () => Promise.reject(new Error('connection refused')) };
    h.app.veil.db = failing;
    const res = await h.app.inject('/readyz');
    assert.equal(res.statusCode, 503);
  });

  it('finishes in-flight requests on close and releases keep-alive clients promptly', async () => {
    const h = await harness({ plugins: [probeRoutes] });
    const auth = h.bearer(await h.token(['protect']));
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const address = h.app.server.address();
    assert.ok(address && typeof address === 'object');
    const inFlight = fetch(`http://127.0.0.1:${address.port}/v1/probe/slow`, { headers: auth });
    await sleep(100);
    const closing = h.app.close();
    const res = await inFlight;
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { done: true });
    await closing;
  });
});
