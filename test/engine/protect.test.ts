import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { EnvelopeCipher } from '../../src/crypto/aead.js';
import { createAnalyzer, redactText } from '../../src/detect/index.js';
import { protectDataset, withEngine } from '../../src/engine/index.js';
import { buildGeoOperator } from '../../src/geo/operators.js';
import { explain, parsePolicy, type Policy } from '../../src/policy/index.js';
import { compileOperator, type Operator } from '../../src/transform/index.js';
import { tempDir } from '../helpers/tmp.js';

// Parsed JSON documents, navigated by the assertions below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
import { PROTECT_POLICY, testKeyring, writePeople, readRows } from './protect-fixtures.js';

const N = 400;
const dir = tempDir('veil-protect-');
const keyDir = join(dir, 'keys');
let files: Awaited<ReturnType<typeof writePeople>>;
let policy: Policy;

before(async () => {
  files = await writePeople(dir, N);
  policy = parsePolicy(PROTECT_POLICY, join(dir, 'policy.yaml'));
  await testKeyring(keyDir).create('k1');
});

/** One comparable text per value: dates as ISO, numbers and bigints in decimal. */
function norm(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString() : String(v);
}

/** The reference: each plan step through the JS operator (or the detection engine / geo operator). */
async function referenceOperators(dataset: string): Promise<Map<string, Operator | 'keep'>> {
  const keyring = testKeyring(keyDir);
  const ops = new Map<string, Operator | 'keep'>();
  const analyzer = createAnalyzer();
  for (const [field, step] of Object.entries(explain(policy, 'analytics', dataset).plan.fields)) {
    if (step === 'drop') continue;
    if (step === 'keep') ops.set(field, 'keep');
    else if (step.op === 'redact_entities') {
      const apply = (v: unknown): unknown =>
        v === null ? null : redactText(String(v), analyzer.analyze(String(v)));
      ops.set(field, {
        name: step.op,
        reversible: false,
        apply,
        applyBatch: (vs) => vs.map((v) => apply(v)),
      });
    } else if (step.op === 'round_coordinates') {
      const geo = buildGeoOperator(step);
      const apply = (v: unknown): unknown => (v === null ? null : geo({ lat: Number(v), lng: 0 }).lat);
      ops.set(field, {
        name: step.op,
        reversible: false,
        apply,
        applyBatch: (vs) => vs.map((v) => apply(v)),
      });
    } else ops.set(field, await compileOperator(step, { keyring }));
  }
  return ops;
}

for (const format of ['csv', 'parquet', 'jsonl'] as const) {
  test(`protect ${format}: every output value equals the JS operator's, manifest and lineage match the files`, async () => {
    const dataset = format === 'jsonl' ? 'people_nested' : 'people';
    const out = join(dir, `out-${format}.${format}`);
    const result = await protectDataset({
      input: files[format],
      output: out,
      policy,
      purpose: 'analytics',
      dataset,
      keys: () => ({ keyring: testKeyring(keyDir) }),
    });
    const input = await readRows(files[format]);
    const output = await readRows(out);
    assert.equal(output.length, N);
    const ops = await referenceOperators(dataset);
    const emailField = format === 'jsonl' ? 'contact.email' : 'email';
    assert.deepEqual(
      Object.keys(output[0]!).sort(),
      [...ops.keys()].sort(),
      'only planned fields are written',
    );
    assert.ok(!('ssn' in output[0]!) && !('extra' in output[0]!), 'denied and undeclared fields are dropped');
    const key = await testKeyring(keyDir).unlock('k1');
    const envelope = new EnvelopeCipher(key, key.primary);
    input.forEach((row, i) => {
      for (const [field, op] of ops) {
        const got = output[i]![field];
        if (field === 'secret') {
          // Randomized encryption: check it decrypts to the input.
          assert.equal(envelope.decrypt(String(got)).toString('utf8'), row[field], `row ${i} ${field}`);
          continue;
        }
        const want = op === 'keep' ? row[field] : op.apply(row[field], row);
        assert.equal(norm(got), norm(want), `row ${i}, field ${field} (${format})`);
      }
    });
    // Kept fields keep their type; ids repeat, so pseudonyms repeat (memoised, still exact above).
    assert.equal(typeof output[0]!.country, 'string');
    assert.equal(typeof output[0]!.born, 'bigint', 'time_part year is a number');
    assert.ok(output[0]!.seen instanceof Date, 'date_shift keeps the timestamp type');
    assert.equal(new Set(output.map((r) => r.secret)).size, N, 'equal plaintexts get distinct ciphertexts');
    assert.match(String(output[0]![emailField]), /^#+\d*@example\.com$/);

    const m = result.manifest;
    const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
    assert.equal(m.output.sha256, sha(out));
    assert.equal(m.input.sha256, sha(files[format]));
    assert.equal(m.input.rows, N);
    assert.equal(m.output.rows, N);
    assert.equal(m.output.name, join(dir, `out-${format}.${format}`));
    assert.deepEqual(m.keys, [{ keyId: 'k1', version: 1 }]);
    assert.equal(m.counts.pseudonymize?.id, N);
    assert.equal(m.counts.keep?.country, N);
    assert.equal(m.counts.redact_entities?.note, N);
    assert.deepEqual(m.fields.dropped, ['ssn']);
    assert.deepEqual(m.fields.undeclared, ['extra']);
    assert.equal(m.quarantinedRows, 0);
    assert.deepEqual(JSON.parse(readFileSync(result.manifestPath, 'utf8')), m);
    assert.ok(!JSON.stringify(m).includes('person1@example.com'), 'no values in the manifest');

    const event = JSON.parse(readFileSync(result.lineagePath, 'utf8')) as Json;
    assert.equal(event.eventType, 'COMPLETE');
    assert.match(event.run.runId, /^[0-9a-f-]{36}$/);
    assert.equal(event.run.runId, m.runId);
    assert.equal(event.inputs[0].name, m.input.name);
    assert.equal(event.outputs[0].facets.version.datasetVersion, `sha256:${m.output.sha256}`);
    assert.equal(event.outputs[0].outputFacets.outputStatistics.rowCount, N);
    assert.match(event.schemaURL, /openlineage\.io\/spec\/2-0-2/);
    assert.equal(event.job.name, 'protect.analytics');
  });
}

test('protect: nested JSONL output is nested again', async () => {
  const out = join(dir, 'nested-check.jsonl');
  await protectDataset({
    input: files.jsonl,
    output: out,
    policy,
    purpose: 'analytics',
    dataset: 'people_nested',
    keys: () => ({ keyring: testKeyring(keyDir) }),
  });
  const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!) as Json;
  assert.equal(typeof first.contact, 'object');
  assert.match(first.contact.email, /@example\.com$/);
  assert.ok(!('contact.email' in first));
});

test('protect: hash pushdown is bit-for-bit the JS sha256 operator on non-ASCII text', async () => {
  const out = join(dir, 'hash.csv');
  await protectDataset({
    input: files.csv,
    output: out,
    policy,
    purpose: 'analytics',
    dataset: 'people',
    keys: () => ({ keyring: testKeyring(keyDir) }),
  });
  const op = await compileOperator({ op: 'hash', salt: 'pepper' });
  const input = await readRows(files.csv);
  const output = await readRows(out);
  assert.ok(input.some((r) => String(r.name).includes('é')));
  input.forEach((r, i) => assert.equal(output[i]!.name, op.apply(r.name)));
});

test('protect: a failed run leaves no output, manifest or lineage', async () => {
  const out = join(dir, 'nokey.parquet');
  await assert.rejects(
    protectDataset({
      input: files.parquet,
      output: out,
      policy,
      purpose: 'analytics',
      dataset: 'people',
      keys: () => ({ keyring: testKeyring(join(dir, 'empty-keys')) }),
    }),
    (err: Error & { code?: string; where?: string }) =>
      err.code === 'KEY_NOT_FOUND' && /policy\.yaml:\d+/.test(err.where ?? ''),
  );
  assert.ok(
    !existsSync(out) && !existsSync(`${out}.manifest.json`) && !existsSync(`${out}.openlineage.json`),
  );
});

test('protect unordered: every row stays whole and every input row is written once', async () => {
  // Enough rows for several row groups, so DuckDB's threads really interleave.
  const rows = 400_000;
  const input = join(dir, 'twins.parquet');
  await withEngine((engine) =>
    engine.run(
      `COPY (SELECT 'v' || (i % 150000) AS plain, 'v' || (i % 150000) AS keyed, i AS n FROM range(${rows}) t(i)) TO '${input}' (FORMAT parquet, ROW_GROUP_SIZE 20000)`,
    ),
  );
  const twins = parsePolicy(
    `version: 1
datasets:
  twins:
    fields: { plain: user.unique_id, keyed: user.device.device_id, n: user.behavior.purchase }
rules:
  - { purpose: ml, category: user.unique_id, action: allow }
  - { purpose: ml, category: user.device.device_id, transform: { op: pseudonymize, key: k1 } }
  - { purpose: ml, category: user.behavior.purchase, action: allow }
taxonomy:
  purposes: [{ name: ml }]
`,
    join(dir, 'twins.yaml'),
  );
  const out = join(dir, 'twins-out.parquet');
  const result = await protectDataset({
    input,
    output: out,
    policy: twins,
    purpose: 'ml',
    keys: () => ({ keyring: testKeyring(keyDir) }),
    preserveOrder: false,
  });
  assert.equal(result.manifest.rowOrder, 'any');
  const pseudonym = await compileOperator(
    { op: 'pseudonymize', key: 'k1' },
    { keyring: testKeyring(keyDir) },
  );
  const written = await readRows(out);
  assert.equal(written.length, rows);
  const seen = new Uint8Array(rows);
  for (const r of written) {
    const n = Number(r.n);
    assert.equal(r.plain, `v${n % 150000}`, `row n=${n}: kept field from its own row`);
    assert.equal(r.keyed, pseudonym.apply(r.plain), `row n=${n}: pseudonym of its own row's value`);
    seen[n]! += 1;
  }
  assert.ok(
    seen.every((c) => c === 1),
    'each input row written exactly once',
  );
});
