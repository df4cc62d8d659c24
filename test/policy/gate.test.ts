import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VeilError } from '../../src/core/errors.js';
import { checkPipeline } from '../../src/policy/gate.js';
import { parsePolicy } from '../../src/policy/load.js';
import { parsePipeline } from '../../src/policy/pipeline.js';
import { examplePolicy, exampleText } from './helpers.js';

const policy = examplePolicy();

function gate(text: string) {
  return checkPipeline(policy, parsePipeline(text, '/ci/pipeline.yaml', policy));
}

const header = 'pipeline: p\npurpose: model_training.recommendation\nregion: eu\n';

test('the passing example pipeline has no violations', () => {
  const result = gate(exampleText('pipeline-ok.yaml'));
  assert.deepEqual(result.violations, []);
  assert.equal(result.fieldsChecked, 8);
});

test('the failing example pipeline reports each violation with field, category, purpose and rule', () => {
  const result = gate(exampleText('pipeline-bad.yaml'));
  const rows = result.violations.map((v) => [v.kind, v.field, v.category, v.rule]);
  assert.deepEqual(rows, [
    ['untransformed', 'users.user_id', 'user.unique_id', 'rules[12]'],
    ['denied', 'users.email', 'user.contact.email', 'default deny'],
    ['denied', 'users.national_id', 'user.government_id', 'rules[1] (no-government-ids)'],
    ['denied', 'messages.text', 'user.content.message', 'default deny'],
    ['denied', 'locations.lat', 'user.location.precise', 'rules[19]'],
    ['undeclared', 'purchases.amount', null, 'default deny'],
    ['retention', 'ads_features', 'user.location.precise', 'retention[0] (user.location.precise)'],
    ['region', 'ads-ranking-features', null, 'datasets.locations.region'],
    ['region', 'ads_features', null, 'datasets.locations.region'],
  ]);
  assert.equal(result.violations[7]?.where, 'pipeline.yaml:5', 'the region: line of the manifest');
  assert.match(
    result.violations[7]?.message ?? '',
    /^pipeline runs in region "us"; data of dataset "locations" must stay in eu$/,
  );
  assert.ok(result.violations.every((v) => v.purpose === 'model_training.ads_ranking'));
  assert.equal(result.violations[1]?.where, 'pipeline.yaml:10');
});

test('reading a field in a different form than the policy requires is a violation', () => {
  const wrongKey = `${header}inputs:\n  - dataset: users\n    fields:\n      - field: user_id\n        transform: { op: pseudonymize, key: analytics-ids }\n`;
  const [v] = gate(wrongKey).violations;
  assert.equal(v?.kind, 'untransformed');
  assert.match(
    v?.message ?? '',
    /requires transform pseudonymize key=ml-ids; the pipeline reads it as transform pseudonymize key=analytics-ids/,
  );
  const right = wrongKey.replace('analytics-ids', 'ml-ids');
  assert.deepEqual(gate(right).violations, []);
});

test('an allowed field may be read raw or transformed; an undeclared field is denied', () => {
  const text = `${header}inputs:\n  - dataset: users\n    fields:\n      - country\n      - field: country\n        transform: { op: hash, salt: s1 }\n      - shoe_size\n`;
  const violations = gate(text).violations;
  assert.deepEqual(
    violations.map((v) => [v.kind, v.field]),
    [['undeclared', 'users.shoe_size']],
  );
});

test('outputs must state a region for region-bound data and a retention within the limit', () => {
  const text = `pipeline: p\npurpose: analytics\ninputs:\n  - dataset: locations\n    fields:\n      - field: ts\n        transform: { op: time_coarsen, unit: hour }\noutputs:\n  - name: heatmap\n`;
  const kinds = gate(text).violations.map((v) => `${v.kind}: ${v.message}`);
  assert.deepEqual(kinds, [
    'retention: output states no retention; locations.ts may be kept at most 180 days',
    'region: output is in no stated region; data of dataset "locations" must stay in eu',
  ]);
  const fixed = text.replace(
    '  - name: heatmap\n',
    '  - name: heatmap\n    region: eu\n    retention: 25w\n',
  );
  assert.deepEqual(gate(fixed).violations, []);
  const tooLong = fixed.replace('25w', '26w');
  assert.deepEqual(
    gate(tooLong).violations.map((v) => v.message),
    ['output keeps data 182 days; locations.ts may be kept at most 180 days'],
  );
});

test('a child purpose inherits its parent rules at the gate', () => {
  const text = `pipeline: p\npurpose: analytics.product\ninputs:\n  - dataset: devices\n    fields: [platform, last_seen, device_id]\n`;
  const violations = gate(text).violations;
  assert.deepEqual(
    violations.map((v) => v.field),
    ['devices.device_id'],
  );
});

test('an unknown purpose or operator in the manifest is an input error at its line', () => {
  assert.throws(
    () => gate('pipeline: p\npurpose: model_trainin\ninputs:\n  - dataset: users\n    fields: [country]\n'),
    (err: unknown) =>
      err instanceof VeilError &&
      err.exitCode === 3 &&
      /pipeline\.yaml:2 purpose: unknown purpose "model_trainin"/.test(err.message),
  );
  assert.throws(
    () =>
      gate(
        `${header}inputs:\n  - dataset: users\n    fields:\n      - field: user_id\n        transform: { op: pseudonymize }\n`,
      ),
    (err: unknown) =>
      err instanceof VeilError &&
      /pipeline\.yaml:8 inputs\[0\]\.fields\[0\]\.transform\.key: operator "pseudonymize" needs a key/.test(
        err.message,
      ),
  );
});

test('a region may flow only to the regions it lists', () => {
  const regional = parsePolicy(
    `version: 1
regions:
  eu: { may_flow_to: [ch] }
  ch: {}
  us: {}
datasets:
  clicks:
    region: eu
    fields: { page: user.behavior.browsing }
rules:
  - { purpose: analytics, category: user.behavior, action: allow }
`,
    'regional.yaml',
  );
  const run = (region: string) =>
    checkPipeline(
      regional,
      parsePipeline(
        `pipeline: p\npurpose: analytics\nregion: ${region}\ninputs:\n  - dataset: clicks\n    fields: [page]\n`,
        'p.yaml',
        regional,
      ),
    ).violations.map((v) => v.message);
  assert.deepEqual(run('ch'), []);
  assert.deepEqual(run('eu'), []);
  assert.deepEqual(run('us'), ['pipeline runs in region "us"; data of dataset "clicks" must stay in eu, ch']);
});

test('violation messages never show a hash salt', () => {
  const salted = parsePolicy(
    `version: 1
datasets:
  users:
    fields: { email: user.contact.email }
rules:
  - { purpose: analytics, category: user.contact.email, transform: { op: hash, salt: pepper-0123456789 } }
`,
    'salted.yaml',
  );
  const manifest = `pipeline: p\npurpose: analytics\ninputs:\n  - dataset: users\n    fields:\n      - field: email\n        transform: { op: hash, salt: other-salt-value }\n`;
  const [v] = checkPipeline(salted, parsePipeline(manifest, 'p.yaml', salted)).violations;
  assert.equal(v?.kind, 'untransformed');
  assert.ok(!v.message.includes('pepper') && !v.message.includes('other-salt'), v.message);
  assert.match(v.message, /salt=\(set\)/);
});
