import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sqlString, withEngine } from '../../src/engine/index.js';
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

  const tables = step(report, 'Discover: personal data in tables');
  const entityOf = (table: string, column: string) =>
    (tables[table] as { column: string; entity: string | null }[]).find((c) => c.column === column)?.entity;
  assert.equal(entityOf('users', 'email'), 'EMAIL_ADDRESS');
  assert.equal(entityOf('devices', 'network.ip'), 'IP_ADDRESS');
  assert.equal(entityOf('locations', 'lat'), 'GPS_COORDINATES');

  const draft = step(report, 'Govern');
  assert.ok(draft.agree >= draft.fields - 2, 'the draft mostly agrees with the reviewed policy');
  assert.ok(existsSync(join(dir, 'policy.draft.yaml')));

  const protect = step(report, 'Protect');
  assert.equal(protect.users.written.user_id, 'pseudonymize');
  assert.ok(protect.users.dropped.includes('email') && protect.users.dropped.includes('national_id'));
  assert.equal(protect.messages.written.text, 'redact_entities');
  const rows = await withEngine((engine) =>
    engine.all(`SELECT * FROM read_parquet(${sqlString(protect.users.output)})`),
  );
  assert.deepEqual(Object.keys(rows[0]!), ['user_id', 'birth_date', 'gender', 'country']);
  assert.ok(
    rows.every((r) => /^[0-9a-f]{64}$/.test(String(r.user_id))),
    'user ids are keyed pseudonyms',
  );
  assert.ok(existsSync(protect.users.manifest as string), 'the run manifest is written');

  const anonymize = step(report, 'Anonymize');
  assert.ok(anonymize.before.highestProsecutor > 0.5, 'protected quasi-identifiers still single people out');
  assert.ok(anonymize.after.highestProsecutor <= 1 / 5 + 1e-9, 'the output is 5-anonymous');

  const dp = step(report, 'Differential privacy');
  assert.equal(dp.spent.epsilon, 1);
  assert.equal(dp.rows.length, 8, 'one released count per country');
  for (const row of dp.rows)
    assert.ok(Math.abs(row.released - row.exact) < 30, `${row.country} close to exact`);

  const geo = step(report, 'Location privacy');
  const raw = geo.raw as { p: number; unicity: number }[];
  const coarse = geo.protected['H3 res 5 cells, day buckets'] as { p: number; unicity: number }[];
  assert.ok(raw[0]!.unicity > 0.9, 'a single raw point singles out almost everyone');
  assert.ok(
    coarse[2]!.unicity < raw[2]!.unicity / 4,
    'coarse cells and days cut 4-point unicity by 4x or more',
  );
});

test('veil demo: a bad --users is a usage error', async () => {
  const res = await runVeil(['demo', '--dir', await tempDir(), '--users', 'many']);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /--users/);
});
