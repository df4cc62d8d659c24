import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { runVeil } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { MASTER_KEY, PROTECT_POLICY, peopleCsv, testKeyring } from './protect-fixtures.js';

const dir = tempDir('veil-protect-cli-');
const keys = join(dir, 'keys');
const policy = join(dir, 'policy.yaml');
const env = { VEIL_MASTER_KEY: MASTER_KEY };
const SHORT = [4, 9];

before(async () => {
  writeFileSync(policy, PROTECT_POLICY);
  writeFileSync(join(dir, 'people.csv'), peopleCsv(40));
  writeFileSync(join(dir, 'bad.csv'), peopleCsv(40, { shortCardAt: SHORT }));
  await testKeyring(keys).create('k1');
});

function protect(input: string, out: string, ...extra: string[]): ReturnType<typeof runVeil> {
  const args = ['protect', join(dir, input), '--policy', policy, '--purpose', 'analytics'];
  return runVeil([...args, '--dataset', 'people', '--out', join(dir, out), '--keyring', keys, ...extra], {
    env,
  });
}

function nothingWritten(out: string): void {
  const path = join(dir, out);
  for (const p of [path, `${path}.manifest.json`, `${path}.openlineage.json`]) assert.ok(!existsSync(p), p);
}

test('veil protect --json: prints the manifest summary, notes undeclared fields on stderr', async () => {
  const r = await protect('people.csv', 'ok.parquet', '--json');
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as { output: { rows: number }; fields: { undeclared: string[] } };
  assert.equal(summary.output.rows, 40);
  assert.deepEqual(summary.fields.undeclared, ['extra']);
  const human = await protect('people.csv', 'ok.csv');
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stderr, /dropped fields the policy does not declare: extra/);
});

test('veil protect --unordered: same rows, the manifest says the order is any', async () => {
  const r = await protect('people.csv', 'any.csv', '--unordered');
  assert.equal(r.code, 0, r.stderr);
  const manifest = JSON.parse(readFileSync(join(dir, 'any.csv.manifest.json'), 'utf8')) as {
    rowOrder: string;
    output: { rows: number };
  };
  assert.equal(manifest.rowOrder, 'any');
  assert.equal(manifest.output.rows, 40);
  const ordered = await protect('people.csv', 'in-order.csv');
  assert.equal(ordered.code, 0, ordered.stderr);
  const inOrder = JSON.parse(readFileSync(join(dir, 'in-order.csv.manifest.json'), 'utf8')) as {
    rowOrder: string;
  };
  assert.equal(inOrder.rowOrder, 'input');
  // Randomized ciphertexts differ run to run; every other field gives the same multiset of rows.
  const rows = (file: string): string[] =>
    readFileSync(join(dir, file), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.replace(/ve1\.[^,]*/g, '<ct>'))
      .sort();
  assert.deepEqual(rows('any.csv'), rows('in-order.csv'));
});

test('veil protect: an invalid policy is exit 3 with its line, nothing written', async () => {
  const bad = join(dir, 'bad-policy.yaml');
  writeFileSync(bad, PROTECT_POLICY.replace('op: pseudonymize, key: k1', 'op: pseudonymise, key: k1'));
  const r = await runVeil(
    [
      'protect',
      join(dir, 'people.csv'),
      '--policy',
      bad,
      '--purpose',
      'analytics',
      '--out',
      join(dir, 'p1.csv'),
    ],
    { env },
  );
  assert.equal(r.code, 3);
  assert.match(r.stderr, /bad-policy\.yaml:\d+/);
  nothingWritten('p1.csv');
});

test('veil protect: an unknown purpose is exit 2 naming the policy file', async () => {
  const r = await runVeil(
    [
      'protect',
      join(dir, 'people.csv'),
      '--policy',
      policy,
      '--purpose',
      'analytic',
      '--out',
      join(dir, 'p2.csv'),
    ],
    { env },
  );
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown purpose "analytic".*policy\.yaml.*did you mean analytics/);
  nothingWritten('p2.csv');
});

test('veil protect: a declared field missing from the data is exit 3 naming it', async () => {
  const csv = readFileSync(join(dir, 'people.csv'), 'utf8').replace(/^id,email,phone/, 'id,email,telephone');
  writeFileSync(join(dir, 'nophone.csv'), csv);
  const r = await protect('nophone.csv', 'p3.csv');
  assert.equal(r.code, 3);
  assert.match(r.stderr, /declares field "phone" that the data lacks/);
  nothingWritten('p3.csv');
});

test('veil protect: a missing key is exit 3 naming the rule; an unset master key is exit 2', async () => {
  const r = await runVeil(
    [
      'protect',
      join(dir, 'people.csv'),
      ...['--policy', policy, '--purpose', 'analytics', '--dataset', 'people'],
      ...['--out', join(dir, 'p4.csv'), '--keyring', join(dir, 'nokeys')],
    ],
    { env },
  );
  assert.equal(r.code, 3);
  assert.match(r.stderr, /no key named "k1".*policy\.yaml:\d+ rules\[\d+\], field id/);
  nothingWritten('p4.csv');
  const noMaster = await runVeil(
    [
      'protect',
      join(dir, 'people.csv'),
      '--policy',
      policy,
      '--purpose',
      'analytics',
      '--dataset',
      'people',
    ].concat(['--out', join(dir, 'p5.csv'), '--keyring', keys]),
    { env: { VEIL_MASTER_KEY: '' } },
  );
  assert.equal(noMaster.code, 2);
  assert.match(noMaster.stderr, /VEIL_MASTER_KEY/);
  nothingWritten('p5.csv');
});

test('veil protect: a row failing a transform stops the run with its row number, never the value', async () => {
  const r = await protect('bad.csv', 'p6.csv');
  assert.equal(r.code, 3);
  assert.match(r.stderr, new RegExp(`row ${SHORT[0]! + 1}, field "card": fpe_ff1: `));
  assert.ok(!r.stderr.includes('"12"') && !/\b12\b/.test(r.stderr.replace(/row \d+/, '')));
  nothingWritten('p6.csv');
});

test('veil protect --on-error quarantine: failing rows set aside with row and reason, no value', async () => {
  const q = join(dir, 'q.jsonl');
  const r = await protect('bad.csv', 'p7.csv', '--on-error', 'quarantine', q, '--json');
  assert.equal(r.code, 0, r.stderr);
  const lines = readFileSync(q, 'utf8').trim().split('\n');
  const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(
    records.map((x) => [x.row, x.field]),
    SHORT.map((i) => [i + 1, 'card']),
  );
  for (const x of records) {
    assert.match(String(x.reason), /^fpe_ff1: /);
    assert.deepEqual(Object.keys(x).sort(), ['field', 'file', 'reason', 'row']);
  }
  const out = readFileSync(join(dir, 'p7.csv'), 'utf8').trim().split('\n');
  assert.equal(out.length, 1 + 40 - SHORT.length);
  const manifest = JSON.parse(readFileSync(join(dir, 'p7.csv.manifest.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  assert.equal(manifest.quarantinedRows, SHORT.length);
  assert.equal((manifest.input as { rows: number }).rows, 40);

  const strict = await protect(
    'bad.csv',
    'p8.csv',
    '--on-error',
    'quarantine',
    join(dir, 'q2.jsonl'),
    '--fail-on-quarantine',
  );
  assert.equal(strict.code, 1);
  const clean = await protect(
    'people.csv',
    'p9.csv',
    '--on-error',
    'quarantine',
    join(dir, 'q3.jsonl'),
    '--fail-on-quarantine',
  );
  assert.equal(clean.code, 0, clean.stderr);
});
