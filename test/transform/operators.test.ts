import assert from 'node:assert/strict';
import { createHash, createHmac, randomInt } from 'node:crypto';
import { test } from 'node:test';
import { VeilError } from '../../src/core/errors.js';
import { MemoryAuditSink } from '../../src/crypto/audit.js';
import { MemoryTokenVault } from '../../src/crypto/vault.js';
import { compileOperator, operatorNames, reveal } from '../../src/transform/index.js';
import { keyringWith, randomText } from './helpers.js';

const audit = () => new MemoryAuditSink();

test('registry lists every operator of the issue', () => {
  assert.deepEqual(
    [...operatorNames].sort(),
    [
      'bucket',
      'date_shift',
      'encrypt',
      'encrypt_deterministic',
      'fpe_ff1',
      'fpe_ff3_1',
      'generalize',
      'hash',
      'keep',
      'mask',
      'pseudonymize',
      'redact',
      'replace',
      'suppress',
      'time_part',
      'tokenize',
    ].sort(),
  );
});

test('invalid configs are usage errors naming the field, never echoing values', async () => {
  await assert.rejects(
    compileOperator({ op: 'hash', salt: '' }),
    (e: VeilError) => e.kind === 'usage' && e.where === 'operator.salt',
  );
  await assert.rejects(
    compileOperator({ op: 'nope' }),
    (e: VeilError) => e.code === 'OPERATOR_CONFIG_INVALID',
  );
  await assert.rejects(compileOperator({ op: 'bucket', size: 5, ranges: [{ min: 0, max: 1 }] }), VeilError);
  await assert.rejects(
    compileOperator({ op: 'pseudonymize', key: 'k' }),
    (e: VeilError) => e.code === 'KEYRING_MISSING',
  );
});

test('redact, replace, suppress, keep; nulls pass through', async () => {
  assert.equal((await compileOperator({ op: 'redact' })).apply('secret'), '');
  assert.equal(
    (await compileOperator({ op: 'replace', entity_type: 'EMAIL_ADDRESS' })).apply('a@b.c'),
    '<EMAIL_ADDRESS>',
  );
  assert.equal((await compileOperator({ op: 'replace', value: 'X' })).apply('a'), 'X');
  assert.equal((await compileOperator({ op: 'suppress' })).apply('a'), null);
  assert.equal((await compileOperator({ op: 'keep' })).apply(42), 42);
  assert.equal((await compileOperator({ op: 'redact' })).apply(null), null);
});

test('mask: count, from_end, skip characters, keep first/last', async () => {
  const m = async (cfg: object, v: string) => (await compileOperator({ op: 'mask', ...cfg })).apply(v);
  assert.equal(await m({}, 'abcd'), '****');
  assert.equal(await m({ keep_last: 4, skip: '-' }, '4111-1111-1111-1234'), '****-****-****-1234');
  assert.equal(await m({ char: '#', count: 3, from_end: true }, 'abcdef'), 'abc###');
  assert.equal(await m({ keep_first: 1, skip: '@.' }, 'jo@x.io'), 'j*@*.**');
  assert.equal(await m({ count: 2 }, '名前です'), '**です');
});

test('hash: salted SHA-256/512 equal node createHash', async () => {
  const h = await compileOperator({ op: 'hash', salt: 's4lt' });
  assert.equal(h.apply('value'), createHash('sha256').update('s4ltvalue').digest('hex'));
  const h5 = await compileOperator({ op: 'hash', salt: 's', algorithm: 'sha512', encoding: 'base64url' });
  assert.equal(h5.apply(12), createHash('sha512').update('s12').digest('base64url'));
});

test('pseudonymize: HMAC-SHA-256 under a domain subkey; domains join or separate on purpose', async () => {
  const keyring = await keyringWith('pii');
  const a = await compileOperator({ op: 'pseudonymize', key: 'pii', domain: 'crm' }, { keyring });
  const b = await compileOperator({ op: 'pseudonymize', key: 'pii', domain: 'crm' }, { keyring });
  const other = await compileOperator({ op: 'pseudonymize', key: 'pii', domain: 'billing' }, { keyring });
  const subkey = (await keyring.unlock('pii')).subkey(1, 'pseudonym:crm');
  for (let i = 0; i < 200; i++) {
    const v = randomText();
    const expected = createHmac('sha256', subkey).update(v, 'utf8').digest('hex');
    assert.equal(a.apply(v), expected);
    assert.equal(b.apply(v), expected);
    assert.notEqual(other.apply(v), expected);
  }
  const batch = ['x', null, 'y', 'x'];
  assert.deepEqual(
    a.applyBatch(batch),
    batch.map((v) => a.apply(v)),
  );
  const short = await compileOperator(
    { op: 'pseudonymize', key: 'pii', encoding: 'base32', bytes: 10, tagged: true },
    { keyring },
  );
  assert.match(short.apply('alice') as string, /^piiv1_[a-z2-7]{16}$/);
});

test('encrypt_deterministic: joinable, reversible via reveal, tamper and context give specific errors', async () => {
  const keyring = await keyringWith('det');
  const op = await compileOperator(
    { op: 'encrypt_deterministic', key: 'det', context: 'users.email' },
    { keyring },
  );
  const values = Array.from({ length: 100 }, () => randomText());
  const cts = op.applyBatch(values) as string[];
  assert.deepEqual(op.applyBatch(values), cts, 'deterministic');
  assert.ok(cts.every((c) => c.startsWith('vd1.det.1.')));
  const sink = audit();
  const out = await reveal(
    { op: 'encrypt_deterministic', key: 'det', context: 'users.email' },
    cts,
    { keyring },
    { actor: 'alice', audit: sink },
  );
  assert.deepEqual(out.values, values);
  assert.equal(sink.events[0]!.count, 100);
  assert.equal(JSON.stringify(sink.events).includes(values[0]!), false, 'audit never holds values');
  // Change the second-to-last character (always a full 6 bits of ciphertext) to another one.
  const tampered = cts[0]!.slice(0, -2) + (cts[0]!.at(-2) === 'A' ? 'B' : 'A') + cts[0]!.slice(-1);
  for (const bad of [
    tampered,
    cts[0]!.slice(0, -3),
    'vd1.det.1.',
    'garbage',
    cts[0]!.replace('vd1.det.1', 'vd1.det.2'),
  ]) {
    await assert.rejects(
      reveal(
        { op: 'encrypt_deterministic', key: 'det', context: 'users.email' },
        [bad],
        { keyring },
        { actor: 'a', audit: audit() },
      ),
      (e: VeilError) =>
        ['CIPHERTEXT_INVALID', 'KEY_VERSION_UNKNOWN'].includes(e.code ?? '') &&
        !e.message.includes(values[0]!),
    );
  }
  await assert.rejects(
    reveal(
      { op: 'encrypt_deterministic', key: 'det', context: 'other' },
      [cts[0]],
      { keyring },
      { actor: 'a', audit: audit() },
    ),
    (e: VeilError) => e.code === 'CIPHERTEXT_INVALID',
  );
});

test('encrypt (AES-256-GCM envelope): randomized, round-trips, survives rotation, fails on destroy', async () => {
  const keyring = await keyringWith('vault');
  const cfg = { op: 'encrypt', key: 'vault' };
  const v1 = await compileOperator(cfg, { keyring });
  const values = Array.from({ length: 300 }, () => randomText(60));
  const cts = v1.applyBatch(values) as string[];
  assert.notEqual(v1.apply(values[0]), v1.apply(values[0]), 'randomized');
  await keyring.rotate('vault');
  const v2 = await compileOperator(cfg, { keyring });
  const newer = v2.apply('after rotation') as string;
  assert.ok(newer.startsWith('ve1.vault.2.'));
  const both = await reveal(cfg, [...cts, newer], { keyring }, { actor: 'ops', audit: audit() });
  assert.deepEqual(both.values, [...values, 'after rotation']);
  await keyring.setState('vault', 1, 'disabled');
  await assert.rejects(
    reveal(cfg, [cts[0]], { keyring }, { actor: 'a', audit: audit() }),
    (e: VeilError) => e.code === 'KEY_DISABLED',
  );
  await keyring.destroy('vault', 1);
  await assert.rejects(
    reveal(cfg, [cts[0]], { keyring }, { actor: 'a', audit: audit() }),
    (e: VeilError) => e.code === 'KEY_DESTROYED',
  );
  assert.deepEqual((await reveal(cfg, [newer], { keyring }, { actor: 'a', audit: audit() })).values, [
    'after rotation',
  ]);
  const other = await keyringWith('vault');
  await assert.rejects(
    reveal(cfg, [newer], { keyring: other }, { actor: 'a', audit: audit() }),
    (e: VeilError) => e.kind === 'input',
  );
});

test('fpe_ff1 / fpe_ff3_1: format kept, separators kept, tweak from a field, round trip', async () => {
  const keyring = await keyringWith('cards');
  for (const op of ['fpe_ff1', 'fpe_ff3_1'] as const) {
    const cfg = { op, key: 'cards', tweak_field: 'country' };
    const enc = await compileOperator(cfg, { keyring });
    const values = Array.from({ length: 200 }, () =>
      Array.from({ length: 4 }, () => String(randomInt(0, 10000)).padStart(4, '0')).join('-'),
    );
    const rows = values.map((_, i) => ({ country: i % 2 ? 'FR' : 'DE' }));
    const cts = enc.applyBatch(values, rows) as string[];
    cts.forEach((c) => assert.match(c, /^\d{4}-\d{4}-\d{4}-\d{4}$/));
    assert.notDeepEqual(cts, values);
    assert.deepEqual(
      cts.slice(0, 5),
      values.slice(0, 5).map((v, i) => enc.apply(v, rows[i])),
    );
    assert.notEqual(
      enc.apply(values[0], { country: 'DE' }),
      enc.apply(values[0], { country: 'FR' }),
      'tweak matters',
    );
    const back = await reveal(cfg, cts, { keyring }, { actor: 'a', audit: audit() }, rows);
    assert.deepEqual(back.values, values);
  }
  const alpha = await compileOperator({ op: 'fpe_ff1', key: 'cards', alphabet: 'upper' }, { keyring });
  assert.match(alpha.apply('HELLO WORLD') as string, /^[A-Z]{5} [A-Z]{5}$/);
  await assert.rejects(
    async () => alpha.apply('AB'),
    (e: VeilError) => e.code === 'VALUE_TOO_SHORT' && !e.message.includes('AB'),
  );
});

test('tokenize: random tokens, one per value, reveal through the vault only', async () => {
  const keyring = await keyringWith('tok');
  const vault = new MemoryTokenVault();
  const op = await compileOperator({ op: 'tokenize', key: 'tok' }, { keyring, vault });
  const values = ['alice', 'bob', 'alice', null];
  await op.prepare!(values);
  const tokens = op.applyBatch(values) as (string | null)[];
  assert.match(tokens[0]!, /^tok_tokv1_[a-z2-7]{26}$/);
  assert.equal(tokens[0], tokens[2]);
  assert.notEqual(tokens[0], tokens[1]);
  assert.equal(tokens[3], null);
  assert.equal(
    [...vault.byToken.values()].some((s) => s.includes(Buffer.from('alice'))),
    false,
    'vault holds no clear value',
  );
  const sink = audit();
  const out = await reveal(
    { op: 'tokenize', key: 'tok' },
    tokens,
    { keyring, vault },
    { actor: 'dpo', audit: sink },
  );
  assert.deepEqual(out.values, values);
  assert.equal(sink.events[0]!.action, 'detokenize');
  await assert.rejects(
    reveal(
      { op: 'tokenize', key: 'tok' },
      ['tok_tokv1_aaaaaaaaaaaaaaaaaaaaaaaaaa'],
      { keyring, vault },
      { actor: 'x', audit: audit() },
    ),
    (e: VeilError) => e.code === 'CIPHERTEXT_INVALID',
  );
});

test('date_shift: consistent per subject, bounded, never zero; time_part, bucket, generalize', async () => {
  const keyring = await keyringWith('dates');
  const op = await compileOperator(
    { op: 'date_shift', key: 'dates', subject_field: 'pid', max_days: 30 },
    { keyring },
  );
  const day = 86_400_000;
  for (let s = 0; s < 100; s++) {
    const row = { pid: `p${s}` };
    const a = op.apply('2024-03-01', row) as string;
    const b = op.apply('2024-03-11', row) as string;
    assert.equal((Date.parse(b) - Date.parse(a)) / day, 10, 'interval kept within a subject');
    const shift = (Date.parse(a) - Date.parse('2024-03-01')) / day;
    assert.ok(Math.abs(shift) >= 1 && Math.abs(shift) <= 30);
  }
  assert.ok(op.apply(new Date('2024-01-01T10:00:00Z'), { pid: 'x' }) instanceof Date);
  assert.throws(
    () => op.apply('not a date', { pid: 'x' }),
    (e: VeilError) => e.code === 'VALUE_NOT_A_DATE',
  );
  const tp = async (part: string) =>
    (await compileOperator({ op: 'time_part', part })).apply('2024-05-17T13:45:00Z');
  assert.deepEqual(
    await Promise.all(['year', 'quarter', 'month', 'year_month', 'date', 'weekday', 'hour'].map(tp)),
    [2024, '2024-Q2', 5, '2024-05', '2024-05-17', 'Friday', 13],
  );
  const b10 = await compileOperator({ op: 'bucket', size: 10 });
  assert.deepEqual(b10.applyBatch([0, 9.99, 10, -1, 'x']), ['0-10', '0-10', '10-20', '-10-0', 'other']);
  const br = await compileOperator({
    op: 'bucket',
    ranges: [
      { min: 0, max: 18, label: 'minor' },
      { min: 18, max: 65 },
    ],
  });
  assert.deepEqual(br.applyBatch([5, 18, 70]), ['minor', '18-65', 'other']);
  const g = await compileOperator({
    op: 'generalize',
    hierarchy: { Paris: 'IDF', Lyon: 'ARA', IDF: 'France', ARA: 'France' },
    level: 2,
  });
  assert.deepEqual(g.applyBatch(['Paris', 'Lyon', 'Berlin']), ['France', 'France', '*']);
});
