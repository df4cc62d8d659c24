import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runVeil } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { QUASI, writeAdultFixture } from './fixtures.js';

const dir = tempDir('veil-anon-');
const data = writeAdultFixture(dir);

test('veil anonymize writes a k-anonymous, l-diverse output and reports metrics', async () => {
  const models =
    '  - { model: k-anonymity, k: 5 }\n  - { model: distinct-l-diversity, attribute: disease, l: 2 }';
  const sub = tempDir('veil-anon-l-');
  writeAdultFixture(sub, 2000, models);
  const out = join(sub, 'out.csv');
  const res = await runVeil([
    '--json',
    'anonymize',
    join(sub, 'data.csv'),
    '--config',
    join(sub, 'anon.yaml'),
    '--out',
    out,
  ]);
  assert.equal(res.code, 0, res.stderr);
  const report = JSON.parse(res.stdout) as {
    rows: number;
    written: number;
    suppressed: number;
    metrics: Record<string, number>;
    levels: Record<string, number>;
  };
  assert.equal(report.rows, 2000);
  assert.equal(report.written, 2000);
  assert.ok(report.suppressed <= 80);
  assert.deepEqual(Object.keys(report.levels), QUASI);
  for (const m of ['loss', 'precision', 'entropy', 'discernibility', 'aecs'])
    assert.ok(Number.isFinite(report.metrics[m]), m);
  const risk = await runVeil(['--json', 'risk', out, '--quasi', QUASI.join(','), '--sensitive', 'disease']);
  assert.equal(risk.code, 0, risk.stderr);
  const r = JSON.parse(risk.stdout) as {
    minClassSize: number;
    records: number;
    sensitive: { distinctL: number }[];
  };
  assert.equal(r.records, 2000);
  assert.ok(r.minClassSize >= 5, `min class ${r.minClassSize}`);
  assert.ok(r.sensitive[0]!.distinctL >= 2);
});

test('veil anonymize with Mondrian', async () => {
  const sub = tempDir('veil-mondrian-');
  writeAdultFixture(sub, 1500);
  const yaml = readFileSync(join(sub, 'anon.yaml'), 'utf8')
    .replace('age: { type: interval, widths: [5, 10, 20] }', 'age: { type: numeric }')
    .replace('sensitive:\n  disease: null\n', '');
  writeFileSync(join(sub, 'anon.yaml'), `method: mondrian\n${yaml}`);
  const out = join(sub, 'out.parquet');
  const res = await runVeil([
    '--json',
    'anonymize',
    join(sub, 'data.csv'),
    '--config',
    join(sub, 'anon.yaml'),
    '--out',
    out,
  ]);
  assert.equal(res.code, 0, res.stderr);
  const report = JSON.parse(res.stdout) as { metrics: { ncp: number }; suppressed: number };
  assert.ok(report.metrics.ncp > 0 && report.metrics.ncp < 1);
  const risk = await runVeil(['--json', 'risk', out, '--quasi', QUASI.join(',')]);
  assert.ok((JSON.parse(risk.stdout) as { minClassSize: number }).minClassSize >= 5);
});

test('veil risk prints risk, population estimates and writes a self-contained HTML report', async () => {
  const html = join(dir, 'risk.html');
  const res = await runVeil([
    'risk',
    data,
    '--quasi',
    QUASI.join(','),
    '--sensitive',
    'disease',
    '--population',
    '100000',
    '--html',
    html,
  ]);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /prosecutor risk/);
  assert.match(res.stdout, /pitman/);
  const page = readFileSync(html, 'utf8');
  assert.match(page, /<svg[^>]*>.*<rect/s);
  assert.doesNotMatch(page, /<script|src=|href=/);
});

async function anonymizeWith(yamlEdit: (yaml: string) => string, files: Record<string, string> = {}) {
  const sub = tempDir('veil-anon-bad-');
  writeAdultFixture(sub, 300);
  writeFileSync(join(sub, 'anon.yaml'), yamlEdit(readFileSync(join(sub, 'anon.yaml'), 'utf8')));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(sub, name), text);
  const out = join(sub, 'out.csv');
  const res = await runVeil([
    'anonymize',
    join(sub, 'data.csv'),
    '--config',
    join(sub, 'anon.yaml'),
    '--out',
    out,
  ]);
  assert.equal(existsSync(out), false, 'no output on error');
  return res;
}

test('bad input fails before any work with a precise error', async () => {
  const unknown = await anonymizeWith((y) => y.replace('sex:', 'gender:'));
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown column gender/);

  const tooBig = await anonymizeWith((y) => y.replace('k: 5', 'k: 301'));
  assert.equal(tooBig.code, 2);
  assert.match(tooBig.stderr, /k = 301 is larger than the number of records \(300\)/);

  const inconsistent = await anonymizeWith((y) => y, { 'sex.csv': 'Male;*\nFemale;Human;*\n' });
  assert.equal(inconsistent.code, 2);
  assert.match(inconsistent.stderr, /inconsistent hierarchy levels.*sex\.csv:2/);

  const uncovered = await anonymizeWith((y) => y, { 'race.csv': 'White;*\nBlack;*\n' });
  assert.equal(uncovered.code, 3);
  assert.match(uncovered.stderr, /does not cover the value in row \d+ \(at row \d+, field race\)/);
  assert.doesNotMatch(uncovered.stderr, /Asian|Amer-Indian|Other/);

  const badModel = await anonymizeWith((y) => y.replace('k: 5', 'k: -1'));
  assert.equal(badModel.code, 2);
  assert.match(badModel.stderr, /anon\.yaml:models\.0\.k/);
});

test('veil risk with an unknown column is a usage error', async () => {
  const res = await runVeil(['risk', data, '--quasi', 'age,zip']);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /unknown column zip/);
});
