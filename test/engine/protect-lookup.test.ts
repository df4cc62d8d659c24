import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { openDataset, protectDataset, withEngine, type Row } from '../../src/engine/index.js';
import { chooseLookups, type LookupOptions } from '../../src/engine/protect-lookup.js';
import { compilePlan } from '../../src/engine/protect-plan.js';
import { explain, parsePolicy, type Policy } from '../../src/policy/index.js';
import { tempDir } from '../helpers/tmp.js';
import { PROTECT_POLICY, peopleCsv, testKeyring, writePeople, readRows } from './protect-fixtures.js';

// The distinct-value lookup (protect-lookup.ts) against the per-row UDF path on the same data:
// every deterministic field must be identical, value by value and in the same row order.
const N = 300;
const dir = tempDir('veil-protect-lookup-');
const keyDir = join(dir, 'keys');
let files: Awaited<ReturnType<typeof writePeople>>;
let policy: Policy;

const ALWAYS: LookupOptions = { maxRatio: Infinity };
const NEVER: LookupOptions = { maxDistinct: -1 };

before(async () => {
  files = await writePeople(dir, N);
  policy = parsePolicy(PROTECT_POLICY, join(dir, 'policy.yaml'));
  await testKeyring(keyDir).create('k1');
});

/** Row by row, every field but `secret` (randomized encryption, different in every run). */
function assertSameExceptSecret(x: Row[], y: Row[]): void {
  assert.equal(x.length, y.length);
  x.forEach((row, i) => {
    for (const field of Object.keys(row)) {
      if (field !== 'secret') assert.deepEqual(row[field], y[i]![field], `row ${i}, field ${field}`);
    }
  });
}

async function run(input: string, out: string, lookup: LookupOptions, quarantine?: string) {
  return protectDataset({
    input,
    output: out,
    policy,
    purpose: 'analytics',
    dataset: 'people',
    keys: () => ({ keyring: testKeyring(keyDir) }),
    lookup,
    ...(quarantine ? { read: { onError: { mode: 'quarantine' as const, path: quarantine } } } : {}),
  });
}

for (const format of ['csv', 'parquet'] as const) {
  test(`lookup (${format}): same output as per-row UDFs, row by row; randomized encryption stays per row`, async () => {
    const a = join(dir, `lookup.${format}`);
    const b = join(dir, `rows.${format}`);
    const ra = await run(files[format], a, ALWAYS);
    const rb = await run(files[format], b, NEVER);
    const [x, y] = [await readRows(a), await readRows(b)];
    assert.equal(x.length, N);
    assert.equal(y.length, N);
    assertSameExceptSecret(x, y);
    // The per-row id pseudonyms repeat (37 subjects); encrypt stays randomized in both runs.
    assert.equal(new Set(x.map((r) => r.id)).size, 37);
    assert.equal(new Set(x.map((r) => r.secret)).size, N);
    assert.deepEqual(ra.manifest.counts, rb.manifest.counts);
  });
}

test('lookup: quarantine sets aside the same rows with the same reasons as per-row UDFs', async () => {
  const short = [3, 40, 41, 299];
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, peopleCsv(N, { shortCardAt: short }));
  const qa = join(dir, 'qa.jsonl');
  const qb = join(dir, 'qb.jsonl');
  const ra = await run(bad, join(dir, 'bad-lookup.csv'), ALWAYS, qa);
  const rb = await run(bad, join(dir, 'bad-rows.csv'), NEVER, qb);
  const records = (p: string): unknown[] =>
    readFileSync(p, 'utf8')
      .trim()
      .split('\n')
      .map((l) => {
        const r = JSON.parse(l) as Record<string, unknown>;
        return [r.row, r.field, r.reason];
      });
  assert.deepEqual(records(qa), records(qb));
  assert.deepEqual(
    records(qa).map((r) => (r as unknown[])[0]),
    short.map((i) => i + 1),
  );
  assert.equal(ra.manifest.quarantinedRows, short.length);
  assert.deepEqual(ra.manifest.counts, rb.manifest.counts);
  assert.equal(ra.manifest.output.rows, N - short.length);
  const [x, y] = [await readRows(ra.output), await readRows(rb.output)];
  x.forEach((row, i) => assert.equal(row.card, y[i]!.card, `row ${i}`));
});

test('lookup: a failing value stops a fail-mode run with its row number', async () => {
  const bad = join(dir, 'bad2.csv');
  writeFileSync(bad, peopleCsv(50, { shortCardAt: [17] }));
  await assert.rejects(run(bad, join(dir, 'bad2-out.csv'), ALWAYS), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'TRANSFORM_FAILED');
    assert.match(err.message, /^row 18, field "card": fpe_ff1: /);
    return true;
  });
});

test('lookup: values sharing a hash fall back to per-row UDFs (never one value for another)', async () => {
  // 4 bits of hash for 37 distinct ids (and more emails, cards): collisions are certain.
  const a = join(dir, 'narrow.parquet');
  const b = join(dir, 'narrow-rows.parquet');
  await run(files.parquet, a, { maxRatio: 1, hashBits: 4 });
  await run(files.parquet, b, NEVER);
  const [x, y] = [await readRows(a), await readRows(b)];
  assert.equal(new Set(x.map((r) => r.id)).size, 37);
  assertSameExceptSecret(x, y);
});

test('lookup: a field with more distinct values than the sample showed goes per row, same output', async () => {
  // The first 5 rows choose every field; each has more than 30 distinct values, so each lookup stops.
  const a = join(dir, 'sampled.parquet');
  const b = join(dir, 'sampled-rows.parquet');
  await run(files.parquet, a, { sampleRows: 5, maxRatio: Infinity, maxDistinct: 30 });
  await run(files.parquet, b, NEVER);
  const [x, y] = [await readRows(a), await readRows(b)];
  assert.equal(x.length, N);
  assertSameExceptSecret(x, y);
});

test('lookup: more than 65,535 distinct outputs (four-byte ENUM codes), nulls kept', async () => {
  const wide = parsePolicy(
    `version: 1
datasets:
  wide:
    subject_field: id
    fields: { id: user.unique_id, n: user.behavior.purchase }
rules:
  - { purpose: analytics, category: user.unique_id, transform: { op: pseudonymize, key: k1 } }
  - { purpose: analytics, category: user.behavior.purchase, action: allow }
`,
    join(dir, 'wide.yaml'),
  );
  const rows = 80_000;
  const input = join(dir, 'wide.csv');
  const lines = ['id,n'];
  for (let i = 0; i < rows; i++) lines.push(`${i % 9 === 4 ? '' : `user-${i}`},${i}`);
  writeFileSync(input, `${lines.join('\n')}\n`);
  const go = (out: string, lookup: LookupOptions) =>
    protectDataset({
      input,
      output: out,
      policy: wide,
      purpose: 'analytics',
      keys: () => ({ keyring: testKeyring(keyDir) }),
      lookup,
    });
  // Sized from a 1,000-row sample, the lookup's table grows several times on the way.
  await go(join(dir, 'wide-lookup.parquet'), { ...ALWAYS, sampleRows: 1000 });
  await go(join(dir, 'wide-rows.parquet'), NEVER);
  const [x, y] = [
    await readRows(join(dir, 'wide-lookup.parquet')),
    await readRows(join(dir, 'wide-rows.parquet')),
  ];
  assert.equal(x.length, rows);
  assert.ok(new Set(x.map((r) => r.id)).size > 65_536);
  x.forEach((row, i) => {
    assert.equal(row.id, y[i]!.id, `row ${i}`);
    assert.equal(row.id === null, i % 9 === 4, `row ${i}`);
  });
});

test('chooseLookups: the sample takes repetitive fields; fields it leaves in doubt are estimated over all rows', async () => {
  const fourIds = parsePolicy(
    `version: 1
datasets:
  ids:
    subject_field: a
    fields: { a: user.unique_id, b: user.unique_id, c: user.unique_id, d: user.unique_id }
rules:
  - { purpose: analytics, category: user.unique_id, transform: { op: pseudonymize, key: k1 } }
`,
    join(dir, 'ids.yaml'),
  );
  // a: its first 500 rows all differ, then 50 values repeat (500 distinct of 2,000 rows);
  // b: every row differs; c: 10 values throughout; d: 5 values in its first 500 rows, then all differ
  // (taken on the sample alone, where buildLookup's maxDistinct still bounds it).
  const input = join(dir, 'ids.csv');
  const lines = ['a,b,c,d'];
  for (let i = 0; i < 2000; i++)
    lines.push(`a${i < 500 ? i : i % 50},b${i},c${i % 10},d${i < 500 ? i % 5 : i}`);
  writeFileSync(input, `${lines.join('\n')}\n`);
  const chosen = await withEngine(async (engine) => {
    const data = await openDataset(engine, input);
    const columns = new Map(data.columns.map((c) => [c.name, c]));
    const fields = explain(fourIds, 'analytics', 'ids').fields;
    const plan = await compilePlan(fields, columns, { deps: { keyring: testKeyring(keyDir) } });
    const pick = async (sampleRows: number) =>
      (await chooseLookups(engine, data, plan.udfs, { sampleRows })).map((c) => c.udf.field).sort();
    const result = [await pick(500), await pick(10_000)];
    await data.close();
    return result;
  });
  assert.deepEqual(chosen, [
    ['a', 'c', 'd'],
    ['a', 'c'],
  ]);
});
