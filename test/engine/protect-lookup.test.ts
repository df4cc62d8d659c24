import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { openDataset, protectDataset, withEngine, type Row } from '../../src/engine/index.js';
import type { LookupOptions } from '../../src/engine/protect-lookup.js';
import { parsePolicy, type Policy } from '../../src/policy/index.js';
import { tempDir } from '../helpers/tmp.js';
import { PROTECT_POLICY, peopleCsv, testKeyring, writePeople } from './protect-fixtures.js';

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

async function readRows(path: string): Promise<Row[]> {
  return withEngine(async (engine) => {
    const data = await openDataset(engine, path);
    const rows: Row[] = [];
    for await (const batch of data.batches()) rows.push(...batch);
    await data.close();
    return rows;
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
    for (let i = 0; i < N; i++) {
      for (const field of Object.keys(y[i]!)) {
        if (field === 'secret') continue;
        assert.deepEqual(x[i]![field], y[i]![field], `row ${i}, field ${field}`);
      }
    }
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
  x.forEach((row, i) => {
    for (const field of Object.keys(row)) {
      if (field !== 'secret') assert.deepEqual(row[field], y[i]![field], `row ${i}, field ${field}`);
    }
  });
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
  await go(join(dir, 'wide-lookup.parquet'), ALWAYS);
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
