import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runVeil } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

interface DemoReport {
  dir: string;
  steps: { title: string; result: Record<string, unknown> }[];
}

const step = (report: DemoReport, prefix: string) => {
  const found = report.steps.find((s) => s.title.startsWith(prefix));
  assert.ok(found, `the demo has a "${prefix}" step`);
  return found.result as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
};

test('veil demo runs the product end to end on generated data and shows each protection working', async () => {
  const dir = await tempDir();
  const res = await runVeil(['demo', '--dir', dir, '--users', '400', '--json']);
  assert.equal(res.code, 0, res.stderr);
  const report = JSON.parse(res.stdout) as DemoReport;

  const datasets = step(report, 'Datasets');
  assert.equal(datasets.users.rows, 400);
  assert.equal(datasets.locations.format, 'parquet');

  const text = step(report, 'Discover: personal data in free text');
  assert.equal(text.messages, 1200);
  for (const entity of ['EMAIL_ADDRESS', 'PHONE_NUMBER', 'CREDIT_CARD', 'PERSON'])
    assert.ok(text.counts[entity] > 0, `found ${entity} in messages`);

  const anonymize = step(report, 'Anonymize');
  assert.ok(anonymize.before.highestProsecutor > 0.5, 'raw quasi-identifiers single people out');
  assert.ok(anonymize.after.highestProsecutor <= 1 / 5 + 1e-9, 'the output is 5-anonymous');
  assert.ok(existsSync(join(dir, 'users.anonymized.csv')));

  const dp = step(report, 'Differential privacy');
  assert.equal(dp.spent.epsilon, 1);
  assert.equal(dp.rows.length, 8, 'one released count per country');
  for (const row of dp.rows)
    assert.ok(Math.abs(row.released - row.exact) < 30, `${row.country} close to exact`);

  const geo = step(report, 'Location privacy');
  const raw = geo.raw as { p: number; unicity: number }[];
  const safe = geo.protected as { p: number; unicity: number }[];
  assert.ok(raw[0]!.unicity > 0.9, 'a single raw point singles out almost everyone');
  assert.ok(safe[0]!.unicity < raw[0]!.unicity / 10, 'coarsening cuts single-point unicity by 10x or more');
});

test('veil demo: a bad --users is a usage error', async () => {
  const res = await runVeil(['demo', '--dir', await tempDir(), '--users', 'many']);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /--users/);
});
