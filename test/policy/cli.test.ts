import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runVeil } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { examplePath } from './helpers.js';

const dir = tempDir();
const POLICY = examplePath('policy.yaml');

test('veil policy validate: exit 0 on the example, exit 1 with each problem and its line', async () => {
  const ok = await runVeil(['policy', 'validate', POLICY]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /valid \(4 datasets, \d+ rules\)/);
  const bad = join(dir, 'bad.yaml');
  writeFileSync(
    bad,
    'version: 1\ndatasets: {}\nrules:\n  - purpose: analytcs\n    category: user\n    action: allow\n',
  );
  const res = await runVeil(['policy', 'validate', bad]);
  assert.equal(res.code, 1);
  assert.match(
    res.stdout,
    /^bad\.yaml:4 rules\[0\]\.purpose: unknown purpose "analytcs" \(hint: did you mean analytics/m,
  );
  const json = await runVeil(['policy', 'validate', bad, '--json']);
  const doc = JSON.parse(json.stdout) as { valid: boolean; problems: { line: number; path: string }[] };
  assert.equal(doc.valid, false);
  assert.deepEqual(
    doc.problems.map((p) => [p.line, p.path]),
    [[4, 'rules[0].purpose']],
  );
});

test('veil policy validate on a missing file is exit 3', async () => {
  const res = await runVeil(['policy', 'validate', join(dir, 'nope.yaml')]);
  assert.equal(res.code, 3);
  assert.match(res.stderr, /cannot read the policy file/);
});

test('veil policy explain prints each field, what it becomes and the deciding rule', async () => {
  const args = ['policy', 'explain', '--policy', POLICY, '--purpose', 'analytics', '--dataset', 'users'];
  const res = await runVeil(args);
  assert.equal(res.code, 0, res.stderr);
  assert.match(
    res.stdout,
    /^user_id\s+user\.unique_id\s+transform pseudonymize key=analytics-ids\s+rules\[2\] at policy\.yaml:\d+$/m,
  );
  assert.match(res.stdout, /^email\s+user\.contact\.email\s+drop\s+default deny/m);
  const json = await runVeil([...args, '--json']);
  const doc = JSON.parse(json.stdout) as {
    plan: { fields: Record<string, unknown>; undeclaredFields: string };
  };
  assert.equal(doc.plan.fields.gender, 'keep');
  assert.equal(doc.plan.undeclaredFields, 'drop');
});

test('veil policy explain with an unknown purpose is exit 2; with an invalid policy exit 3', async () => {
  const res = await runVeil([
    'policy',
    'explain',
    '--policy',
    POLICY,
    '--purpose',
    'ads',
    '--dataset',
    'users',
  ]);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /unknown purpose "ads"/);
  const bad = join(dir, 'bad2.yaml');
  writeFileSync(bad, 'version: 2\ndatasets: {}\nrules: []\n');
  const invalid = await runVeil([
    'policy',
    'explain',
    '--policy',
    bad,
    '--purpose',
    'analytics',
    '--dataset',
    'x',
  ]);
  assert.equal(invalid.code, 3);
  assert.match(invalid.stderr, /bad2\.yaml:1 version: version must be 1/);
});

test('veil check: exit 1 listing every violation for the bad pipeline, 0 for the good one', async () => {
  const bad = await runVeil(['check', examplePath('pipeline-bad.yaml'), '--policy', POLICY]);
  assert.equal(bad.code, 1, bad.stderr);
  assert.match(
    bad.stdout,
    /^pipeline-bad\.yaml:10 denied: users\.email \(user\.contact\.email\) for model_training\.ads_ranking: .*\[default deny\]$/m,
  );
  assert.match(bad.stdout, /ads-ranking-features: 9 violations$/m);
  const json = await runVeil(['check', examplePath('pipeline-bad.yaml'), '--policy', POLICY, '--json']);
  assert.equal(json.code, 1);
  const doc = JSON.parse(json.stdout) as {
    violations: { field: string; category: string | null; purpose: string; rule: string }[];
  };
  assert.equal(doc.violations.length, 9);
  assert.deepEqual(Object.keys(doc.violations[0] ?? {}).sort(), [
    'category',
    'field',
    'kind',
    'message',
    'purpose',
    'rule',
    'ruleWhere',
    'where',
  ]);
  const ok = await runVeil(['check', examplePath('pipeline-ok.yaml'), '--policy', POLICY]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /recsys-features: ok \(8 fields checked/);
});

test('veil check without --policy is a usage error (exit 2)', async () => {
  const res = await runVeil(['check', examplePath('pipeline-ok.yaml')]);
  assert.equal(res.code, 2);
});
