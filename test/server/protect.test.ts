import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { Keyring } from '../../src/crypto/keyring.js';
import { createAnalyzer, redactText } from '../../src/detect/index.js';
import { DbKeyStore } from '../../src/store/keys.js';
import { compileOperator } from '../../src/transform/index.js';
import { BACKENDS, skipUnavailable, type Backend } from '../store/backends.js';
import { harness, type Harness } from './harness.js';
import { crmPolicy, customers, newKms, setupCrm } from './protect-fixtures.js';

interface Ctx {
  h: Harness;
  names: { policy: string; ids: string; pii: string };
  admin: Record<string, string>;
  protector: Record<string, string>;
  revealer: Record<string, string>;
  keyring: Keyring;
  master: Buffer;
}

async function context(backend: Backend): Promise<Ctx> {
  const { kms, master } = newKms();
  const h = await harness({ kms, rateLimit: false }, backend);
  const tag = randomBytes(3).toString('hex');
  const names = { policy: `crm-${tag}`, ids: `ids-${tag}`, pii: `pii-${tag}` };
  const admin = h.bearer(await h.token(['admin']));
  await setupCrm(h, admin, names);
  return {
    h,
    names,
    admin,
    protector: h.bearer(await h.token(['protect'])),
    revealer: h.bearer(await h.token(['reveal'])),
    keyring: new Keyring(new DbKeyStore(h.db), kms),
    master,
  };
}

async function post(c: Ctx, url: string, headers: Record<string, string>, payload: object) {
  return c.h.app.inject({ method: 'POST', url, headers, payload });
}

function protect(c: Ctx, records: Record<string, unknown>[], extra: object = {}) {
  return post(c, '/v1/protect', c.protector, {
    dataset: 'customers',
    purpose: 'analytics',
    policy: c.names.policy,
    records,
    ...extra,
  });
}

function reveal(c: Ctx, records: Record<string, unknown>[], headers = c.revealer, extra: object = {}) {
  return post(c, '/v1/reveal', headers, {
    dataset: 'customers',
    purpose: 'analytics',
    policy: c.names.policy,
    records,
    ...extra,
  });
}

for (const backend of BACKENDS) {
  describe(`protect and reveal on ${backend.name}`, () => {
    it('protects records as the active policy makes them, value for value', async (t) => {
      if (await skipUnavailable(t, backend)) return;
      const c = await context(backend);
      const input = customers(5);
      const res = await protect(c, input);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(body.policy, { name: c.names.policy, version: 1 });
      const out = body.records as Record<string, unknown>[];
      const deps = { keyring: c.keyring };
      const pseudonym = await compileOperator({ op: 'pseudonymize', key: c.names.ids }, deps);
      const mask = await compileOperator({ op: 'mask', keep_last: 4, skip: '@.' });
      const bucket = await compileOperator({ op: 'bucket', size: 10 });
      const analyzer = createAnalyzer();
      input.forEach((rec, i) => {
        const got = out[i]!;
        assert.deepEqual(Object.keys(got).sort(), [
          'age',
          'card',
          'city',
          'email',
          'note',
          'phone',
          'user_id',
        ]);
        assert.equal(got.user_id, pseudonym.apply(rec.user_id));
        assert.equal(got.email, mask.apply(rec.email));
        assert.equal(got.age, bucket.apply(rec.age));
        assert.equal(
          got.city,
          { Paris: 'France', Lyon: 'France', Berlin: 'Germany' }[rec.city as string] ?? '*',
        );
        assert.equal(got.note, redactText(rec.note as string, analyzer.analyze(rec.note as string)));
        assert.match(got.note as string, /<PHONE_NUMBER>/);
        assert.match(got.phone as string, new RegExp(`^vs1\\.${c.names.pii}\\.1\\.[0-9a-f]{32}\\.`));
        assert.match(got.card as string, new RegExp(`^tok_${c.names.pii}v1_[a-z2-7]{26}$`));
      });
      const metrics = (await c.h.app.inject({ method: 'GET', url: '/metrics' })).body;
      assert.match(metrics, /veil_values_protected_total\{operator="pseudonymize"\} 5/);
      assert.match(metrics, /veil_values_protected_total\{operator="drop"\} 10/);
      const audit = await c.h.app.veil.audit.list({ action: 'protect', targetId: 'customers', limit: 1000 });
      const entry = audit.entries.at(-1)!;
      assert.equal(entry.details.records, 5);
      assert.equal(entry.details.policy, c.names.policy);
      assert.equal(entry.details.encrypt, 5);
    });

    it('reveals reversible fields for the reveal scope only, and audits both outcomes without values', async (t) => {
      if (await skipUnavailable(t, backend)) return;
      const c = await context(backend);
      const input = customers(4);
      const protectedRecords = (await protect(c, input)).json().records as Record<string, unknown>[];
      const denied = await reveal(c, protectedRecords, c.protector);
      assert.equal(denied.statusCode, 403);
      const denial = (await c.h.app.veil.audit.list({ action: 'auth.denied', limit: 1000 })).entries.at(-1)!;
      assert.equal(denial.details.required_scope, 'reveal');
      assert.equal(denial.targetId, 'POST /v1/reveal');
      const anonymous = await reveal(c, protectedRecords, {});
      assert.equal(anonymous.statusCode, 401);
      const res = await reveal(c, protectedRecords);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(body.fields.sort(), ['card', 'phone']);
      body.records.forEach((r: Record<string, unknown>, i: number) => {
        assert.deepEqual(r, { phone: input[i]!.phone, card: input[i]!.card });
      });
      const entry = (await c.h.app.veil.audit.list({ action: 'reveal', limit: 1000 })).entries.at(-1)!;
      assert.equal(entry.details.revealed, 8);
      assert.equal(entry.details.outcome, 'ok');
      assert.deepEqual(entry.details.keys, [`${c.names.pii}@v1`]);
      const tampered = protectedRecords.map((r) => ({ ...r, phone: `${String(r.phone).slice(0, -4)}AAAA` }));
      const failed = await reveal(c, tampered);
      assert.equal(failed.statusCode, 422);
      assert.equal(failed.json().error.code, 'CIPHERTEXT_INVALID');
      const failure = (await c.h.app.veil.audit.list({ action: 'reveal', limit: 1000 })).entries.at(-1)!;
      assert.equal(failure.details.outcome, 'failed');
      assert.equal(failure.details.error, 'CIPHERTEXT_INVALID');
      const notReversible = await reveal(c, protectedRecords, c.revealer, { fields: ['email'] });
      assert.equal(notReversible.statusCode, 400);
      assert.match(notReversible.json().error.message, /field "email" is not reversibly protected/);
    });

    it('keeps old ciphertexts revealable after a key rotation, and never returns key material', async (t) => {
      if (await skipUnavailable(t, backend)) return;
      const c = await context(backend);
      const first = customers(3);
      const before = (await protect(c, first)).json().records as Record<string, unknown>[];
      const rotated = await post(c, `/v1/keys/${c.names.pii}/rotate`, c.admin, {});
      assert.equal(rotated.statusCode, 200, rotated.body);
      assert.equal(rotated.json().key.primary, 2);
      const second = customers(3);
      const after = (await protect(c, second)).json().records as Record<string, unknown>[];
      assert.match(after[0]!.phone as string, new RegExp(`^vs1\\.${c.names.pii}\\.2\\.`));
      assert.match(after[0]!.card as string, new RegExp(`^tok_${c.names.pii}v2_`));
      const res = await reveal(c, [...before, ...after]);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        res.json().records.map((r: Record<string, unknown>) => r.phone),
        [...first, ...second].map((r) => r.phone),
      );
      const list = await c.h.app.inject({ method: 'GET', url: '/v1/keys', headers: c.admin });
      assert.equal(list.statusCode, 200);
      const pii = list.json().keys.find((k: { id: string }) => k.id === c.names.pii);
      assert.deepEqual(Object.keys(pii.versions[0]).sort(), ['created_at', 'state', 'version']);
      const wrapped = await c.h.db.query<{ w: string }>(
        "SELECT encode(wrapped_key, 'base64') AS w FROM key_versions WHERE key_id = $1",
        [c.names.pii],
      );
      const unlocked = await c.keyring.unlock(c.names.pii);
      const secrets = [
        ...wrapped.rows.map((r) => r.w.replace(/\n/g, '').slice(0, 40)),
        unlocked.material(1).toString('base64').slice(0, 40),
        unlocked.material(2).toString('hex').slice(0, 40),
        c.master.toString('base64'),
      ];
      for (const s of secrets) assert.ok(!list.body.includes(s) && !rotated.body.includes(s));
      const protectOnly = await c.h.app.inject({ method: 'GET', url: '/v1/keys', headers: c.protector });
      assert.equal(protectOnly.statusCode, 403);
    });

    it('crypto-shreds a subject: its values become unrevealable, other subjects are untouched', async (t) => {
      if (await skipUnavailable(t, backend)) return;
      const c = await context(backend);
      const input = customers(3);
      const out = (await protect(c, input)).json().records as Record<string, unknown>[];
      await post(c, `/v1/keys/${c.names.pii}/rotate`, c.admin, {});
      const later = (await protect(c, [input[0]!])).json().records as Record<string, unknown>[];
      assert.match(later[0]!.phone as string, new RegExp(`^vs1\\.${c.names.pii}\\.2\\.`));
      const victim = input[0]!.user_id as string;
      const shred = await post(c, `/v1/keys/${c.names.pii}/shred`, c.admin, { subject: victim });
      assert.equal(shred.statusCode, 200, shred.body);
      assert.equal(shred.json().destroyed, 2, 'one subject key per key version');
      const res = await reveal(c, [...out, ...later], c.revealer, { fields: ['phone'] });
      assert.equal(res.statusCode, 200, res.body);
      const phones = res.json().records.map((r: Record<string, unknown>) => r.phone);
      assert.deepEqual(phones, [null, input[1]!.phone, input[2]!.phone, null]);
      assert.equal(res.json().erased, 2);
      const again = await protect(c, [input[0]!]);
      assert.equal(again.statusCode, 422);
      assert.equal(again.json().error.code, 'SUBJECT_ERASED');
      const entry = (await c.h.app.veil.audit.list({ action: 'key.shred', limit: 1000 })).entries.at(-1)!;
      assert.equal(entry.details.destroyed, 2);
      assert.ok(!JSON.stringify(entry).includes(victim), 'the audit names the subject by its ref only');
    });

    it('versions policies: create, validate with lines, activate, explain without secrets', async (t) => {
      if (await skipUnavailable(t, backend)) return;
      const c = await context(backend);
      const writer = c.h.bearer(await c.h.token(['policy:write']));
      const url = `/v1/policies/${c.names.policy}`;
      const v2yaml = crmPolicy({
        ids: c.names.ids,
        pii: c.names.pii,
        emailOp: '{ op: hash, salt: s3cr3t-salt-value }',
      });
      const created = await post(c, `${url}/versions`, writer, { yaml: v2yaml });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().policy.version, 2);
      assert.equal(created.json().policy.active, false);
      const rec = customers(1);
      assert.equal(
        (await protect(c, rec)).json().records[0].email,
        (await compileOperator({ op: 'mask', keep_last: 4, skip: '@.' })).apply(rec[0]!.email),
      );
      const byProtector = await post(c, `${url}/activate`, c.protector, { version: 2 });
      assert.equal(byProtector.statusCode, 403);
      const activated = await post(c, `${url}/activate`, writer, { version: 2 });
      assert.equal(activated.statusCode, 200, activated.body);
      const hashed = (await protect(c, rec)).json();
      assert.equal(hashed.policy.version, 2);
      const hash = await compileOperator({ op: 'hash', salt: 's3cr3t-salt-value' });
      assert.equal(hashed.records[0].email, hash.apply(rec[0]!.email));
      const versions = await c.h.app.inject({ method: 'GET', url, headers: c.protector });
      assert.deepEqual(
        versions.json().versions.map((v: { version: number; active: boolean }) => [v.version, v.active]),
        [
          [1, false],
          [2, true],
        ],
      );
      const explained = await post(c, `${url}/explain`, c.protector, {
        dataset: 'customers',
        purpose: 'analytics',
      });
      assert.equal(explained.statusCode, 200, explained.body);
      assert.equal(explained.json().plan.fields.national_id, 'drop');
      assert.equal(explained.json().plan.fields.email.salt, '(set)');
      assert.ok(!explained.body.includes('s3cr3t'), 'explain hides hash salts');
      const yamlForReader = await c.h.app.inject({
        method: 'GET',
        url: `${url}/versions/2`,
        headers: c.protector,
      });
      assert.equal(yamlForReader.statusCode, 403, 'the YAML (with salts) is for policy writers');
      const yaml = await c.h.app.inject({ method: 'GET', url: `${url}/versions/2`, headers: writer });
      assert.equal(yaml.json().yaml, v2yaml);
      const bad = v2yaml.replace(
        'purpose: analytics\n    category: user.contact.email',
        'purpose: analytcs\n    category: user.contact.email',
      );
      const invalid = await post(c, `${url}/versions`, writer, { yaml: bad });
      assert.equal(invalid.statusCode, 422);
      const line = bad.split('\n').findIndex((l) => l.includes('analytcs')) + 1;
      assert.equal(invalid.json().problems[0].line, line);
      assert.match(invalid.json().error.where, new RegExp(`^${c.names.policy}\\.yaml:${line} `));
      const validated = await post(c, '/v1/policies/validate', c.protector, {
        yaml: 'version: 1\nrules: [\n',
      });
      assert.equal(validated.json().valid, false);
      assert.equal(validated.json().problems[0].line > 0, true);
      const actions = (await c.h.app.veil.audit.list({ targetId: c.names.policy, limit: 1000 })).entries.map(
        (e) => e.action,
      );
      assert.deepEqual(actions, ['policy.create', 'policy.activate', 'policy.create', 'policy.activate']);
    });

    it('answers a clear 4xx, never 500, to unknown names, bad bodies and injection attempts', async (t) => {
      if (await skipUnavailable(t, backend)) return;
      const c = await context(backend);
      const rec = customers(1);
      const status = async (payload: object, url = '/v1/protect', headers = c.protector) => {
        const res = await post(c, url, headers, payload);
        return { status: res.statusCode, error: res.json().error as { code: string; message: string } };
      };
      const base = { dataset: 'customers', purpose: 'analytics', policy: c.names.policy, records: rec };
      const unknownDataset = await status({ ...base, dataset: 'orders' });
      assert.equal(unknownDataset.status, 404);
      assert.match(unknownDataset.error.message, /unknown dataset "orders"/);
      const unknownPurpose = await status({ ...base, purpose: 'marketing.email' });
      assert.equal(unknownPurpose.status, 400);
      assert.match(unknownPurpose.error.message, /unknown purpose "marketing.email"/);
      assert.equal((await status({ ...base, policy: 'no-such-policy' })).status, 404);
      // A policy whose key does not exist: a 422 naming the key, not a 500.
      const writer = c.h.bearer(await c.h.token(['policy:write']));
      const orphan = `orphan-${randomBytes(3).toString('hex')}`;
      const made = await post(c, `/v1/policies/${orphan}/versions`, writer, {
        yaml: crmPolicy({ ids: 'missing-key', pii: c.names.pii }),
        activate: true,
      });
      assert.equal(made.statusCode, 201);
      const missingKey = await status({ ...base, policy: orphan });
      assert.equal(missingKey.status, 422);
      assert.equal(missingKey.error.code, 'KEY_NOT_FOUND');
      assert.match(missingKey.error.message, /missing-key/);
      const injections = [
        "x'; DROP TABLE policies; --",
        '../../etc/passwd',
        '{"$ne":null}',
        '<script>alert(1)</script>',
        'a\u0000b',
      ];
      for (const evil of injections) {
        for (const field of ['dataset', 'purpose', 'policy']) {
          const r = await status({ ...base, [field]: evil });
          assert.equal(r.status, 400, `${field} = ${JSON.stringify(evil)}`);
          assert.equal(r.error.code, 'VALIDATION');
        }
        const shred = await post(c, `/v1/keys/${encodeURIComponent(evil)}/shred`, c.admin, { subject: 'x' });
        assert.equal(shred.statusCode, 400);
        const subject = await post(c, `/v1/keys/${c.names.pii}/shred`, c.admin, { subject: evil });
        assert.equal(subject.statusCode, 200, 'a subject id is data, bound as a parameter');
        const get = await c.h.app.inject({
          method: 'GET',
          url: `/v1/policies/${encodeURIComponent(evil)}`,
          headers: c.protector,
        });
        assert.equal(get.statusCode, 400);
        const validate = await post(c, '/v1/policies/validate', c.protector, { yaml: evil });
        assert.equal(validate.statusCode, 200);
        const weird = await protect(c, [{ ...rec[0], [evil]: evil, user_id: `${evil}-live`, email: evil }]);
        assert.equal(weird.statusCode, 200, 'hostile field names and values are data');
        assert.ok(!(evil in weird.json().records[0]), 'undeclared fields are dropped');
      }
      const tables = await c.h.db.query(
        "SELECT 1 FROM information_schema.tables WHERE table_name = 'policies'",
      );
      assert.equal(tables.rows.length > 0, true);
      assert.equal((await status({ ...base, records: 'nope' })).status, 400);
      assert.equal((await status({ ...base, extra: 1 })).status, 400);
      assert.equal((await status({ ...base, records: [1, 2] })).status, 400);
      const malformed = await c.h.app.inject({
        method: 'POST',
        url: '/v1/protect',
        headers: { ...c.protector, 'content-type': 'application/json' },
        payload: '{"dataset": "customers", "records": [{"email": "leak.me@example.org"',
      });
      assert.equal(malformed.statusCode, 400);
      assert.ok(!malformed.body.includes('leak.me'));
    });
  });
}

describe('protect limits and secrecy', () => {
  it('answers 413 to an oversized batch', async () => {
    const { kms } = newKms();
    const h = await harness({ kms, bodyLimit: 4096 });
    const token = h.bearer(await h.token(['protect']));
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/protect',
      headers: token,
      payload: { dataset: 'customers', purpose: 'analytics', records: customers(60) },
    });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().error.message, 'request body too large');
  });

  it('answers 503 for keyed work when the server has no KMS', async () => {
    const h = await harness();
    const admin = h.bearer(await h.token(['admin']));
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/keys',
      headers: admin,
      payload: { id: 'nokms' },
    });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().error.code, 'KMS_UNAVAILABLE');
  });

  it('never lets a protected plaintext or key material reach a response, a log line or the audit log', async () => {
    const c = await context(BACKENDS[0]!);
    const input = customers(20);
    const responses: string[] = [];
    const keep = async (p: Promise<{ body: string }>) => responses.push((await p).body);
    const protectedRecords = (await protect(c, input)).json().records as Record<string, unknown>[];
    await keep(protect(c, input));
    await keep(reveal(c, protectedRecords, c.protector));
    await keep(post(c, `/v1/keys/${c.names.pii}/rotate`, c.admin, {}));
    await keep(post(c, `/v1/keys/${c.names.pii}/shred`, c.admin, { subject: input[3]!.user_id as string }));
    await keep(c.h.app.inject({ method: 'GET', url: '/v1/keys', headers: c.admin }));
    await keep(protect(c, [{ ...input[0], age: 'not-a-number', phone: { nested: input[0]!.phone } }]));
    await keep(
      post(c, '/v1/protect', c.protector, {
        dataset: input[1]!.email as string,
        purpose: 'analytics',
        records: [],
      }),
    );
    await keep(c.h.app.inject({ method: 'GET', url: '/metrics' }));
    await keep(c.h.app.inject({ method: 'GET', url: '/v1/audit?limit=1000', headers: c.admin }));
    const audit = JSON.stringify((await c.h.db.query('SELECT * FROM audit_log')).rows);
    const unlocked = await c.keyring.unlock(c.names.pii);
    const ids = await c.keyring.unlock(c.names.ids);
    const secrets = [
      ...input.flatMap((r) => [
        r.email,
        r.phone,
        r.card,
        r.national_id,
        r.undeclared,
        String(r.note).slice(11, 26),
      ]),
      ...[unlocked.material(1), unlocked.material(2), ids.material(1), c.master].flatMap((m) => [
        m.toString('base64').slice(0, 24),
        m.toString('hex').slice(0, 24),
        m.toString('base64url').slice(0, 24),
      ]),
    ].map(String);
    const places = { responses: responses.join('\n'), logs: c.h.logs.text, audit };
    assert.ok(c.h.logs.lines.length > 5);
    for (const secret of secrets) {
      for (const [where, text] of Object.entries(places)) {
        assert.ok(!text.includes(secret), `a protected value or key leaked into ${where}`);
      }
    }
  });
});
