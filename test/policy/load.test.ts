import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VeilError } from '../../src/core/errors.js';
import { parsePolicy, validatePolicyText } from '../../src/policy/load.js';
import { formatProblem, type Problem } from '../../src/policy/yaml-source.js';
import { examplePath, exampleText, policyWithRules } from './helpers.js';

function problems(text: string): Problem[] {
  return validatePolicyText(text, '/some/dir/policy.yaml').problems;
}

/** The 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `fixture contains ${needle}`);
  return text.slice(0, at).split('\n').length;
}

test('the example policy is valid', () => {
  const result = validatePolicyText(exampleText('policy.yaml'), examplePath('policy.yaml'));
  assert.deepEqual(result.problems.map(formatProblem), []);
  assert.equal(result.policy?.datasets.size, 4);
  assert.match(result.policy?.sha256 ?? '', /^[0-9a-f]{64}$/);
});

test('an unknown purpose is reported with its file, line and YAML path', () => {
  const text = policyWithRules(`  - purpose: analytics
    category: user.contact
    action: deny
  - purpose: analytic
    category: user.contact.email
    action: allow
`);
  const [p, ...rest] = problems(text);
  assert.equal(rest.length, 0);
  assert.equal(p?.line, lineOf(text, 'purpose: analytic\n'));
  assert.equal(
    formatProblem(p!).split(' (hint')[0],
    `policy.yaml:${p?.line} rules[1].purpose: unknown purpose "analytic"`,
  );
  assert.match(p?.hint ?? '', /analytics/);
});

test('every problem is reported at once, each on its own line, sorted by line', () => {
  const text = `version: 1
datasets:
  people:
    subject: martian
    subject_field: id
    region: mars
    fields:
      email: user.contact.emial
rules:
  - purpose: analytics
    category: user.contact.email
    transform: { op: pseudonymize }
  - purpose: analytics
    category: user.contact.phone_number
    transform: { op: h3, resolution: 99 }
  - purpose: safety
    category: user.contact.email
    transform: { op: redact_entities }
retention:
  - category: user.nope
    max: 30d
`;
  const found = problems(text).map((p) => `${p.line} ${p.path}: ${p.message}`);
  assert.deepEqual(found, [
    `4 datasets.people.subject: unknown data subject "martian"`,
    `5 datasets.people.subject_field: subject_field "id" is not one of the dataset's fields`,
    `6 datasets.people.region: unknown region "mars"`,
    `8 datasets.people.fields.email: unknown category "user.contact.emial"`,
    `12 rules[0].transform.key: operator "pseudonymize" needs a key`,
    `15 rules[1].transform.resolution: ${found[5]?.split(': ').slice(1).join(': ')}`,
    `18 rules[2].transform.op: redact_entities applies to free-text content categories only, not "user.contact.email"`,
    `20 retention[0].category: unknown category "user.nope"`,
  ]);
  assert.match(found[5] ?? '', /15 rules\[1\]\.transform\.resolution: .*15/);
});

test('structural errors: unknown keys, unknown operators, bad durations, both action and transform', () => {
  const text = policyWithRules(
    `  - purpose: analytics
    category: user.contact.email
    transform: { op: scramble }
  - purpose: analytics
    category: user.contact.phone_number
    action: allow
    transform: { op: hash }
  - purpose: analytics
    category: user.location
    actoin: deny
`,
    'retention:\n  - category: user.location\n    max: 3 months\n',
  );
  const found = problems(text);
  const byPath = new Map(found.map((p) => [p.path, p]));
  assert.match(byPath.get('rules[0].transform.op')?.message ?? '', /unknown operator "scramble"/);
  assert.equal(byPath.get('rules[0].transform.op')?.line, lineOf(text, 'op: scramble'));
  assert.match(byPath.get('rules[1]')?.message ?? '', /exactly one of action/);
  assert.match(byPath.get('rules[2].actoin')?.message ?? '', /unknown key "actoin"/);
  assert.equal(byPath.get('rules[2].actoin')?.line, lineOf(text, 'actoin'));
  assert.match(byPath.get('retention[0].max')?.message ?? '', /duration/);
});

test('YAML syntax errors carry their line', () => {
  const text = 'version: 1\ndatasets:\n  a:\n    fields: {x: user.name\nrules: []\n';
  const [p] = problems(text);
  assert.ok(p);
  assert.ok(p.line >= 4, `line ${p.line}`);
});

test('duplicate YAML keys are errors, not silently last-wins', () => {
  const text = policyWithRules(
    '  - purpose: analytics\n    purpose: safety\n    category: user\n    action: allow\n',
  );
  assert.equal(problems(text).length, 1);
});

test('taxonomy extensions need a known parent; extended names become usable', () => {
  const ok = policyWithRules(
    '  - purpose: analytics.funnels\n    category: user.contact.pager\n    action: allow\n',
    'taxonomy:\n  purposes:\n    - name: analytics.funnels\n  categories:\n    - name: user.contact.pager\n',
  );
  assert.deepEqual(problems(ok), []);
  const orphan = policyWithRules(
    '  - purpose: analytics\n    category: user\n    action: allow\n',
    'taxonomy:\n  categories:\n    - name: pets.cat\n',
  );
  const [p] = problems(orphan);
  assert.equal(p?.path, 'taxonomy.categories[0].name');
  assert.match(p?.message ?? '', /extends an unknown category/);
});

test('repeated and ambiguous rules are errors at the later rule', () => {
  const text = policyWithRules(`  - purpose: analytics
    category: user.contact.email
    action: allow
  - purpose: analytics
    category: user.contact.email
    action: allow
  - purpose: model_training
    category: user.contact.email
    action: allow
  - purpose: model_training.recommendation
    category: user.contact
    action: deny
`);
  const found = problems(text);
  assert.equal(found.length, 2);
  assert.equal(found[0]?.path, 'rules[1]');
  assert.match(found[0]?.message ?? '', /repeats the purpose and category of rules\[0\]/);
  assert.equal(found[1]?.path, 'rules[3]');
  assert.equal(found[1]?.line, lineOf(text, '- purpose: model_training.recommendation'));
  assert.match(
    found[1]?.message ?? '',
    /ambiguous with rules\[2\] for purpose "model_training.recommendation" and category "user.contact.email"/,
  );
});

test('parsePolicy throws one InputError (exit 3) listing every problem, without values from the data', () => {
  const text = policyWithRules('  - purpose: nope\n    category: nada.x\n    action: allow\n');
  assert.throws(
    () => parsePolicy(text, 'policy.yaml'),
    (err: unknown) =>
      err instanceof VeilError &&
      err.exitCode === 3 &&
      /2 problems/.test(err.message) &&
      /policy\.yaml:\d+ rules\[0\]\.category/.test(err.message),
  );
});

test("operator parameters are checked by the operator's own schema (src/transform, src/geo, src/detect)", () => {
  const text = policyWithRules(`  - purpose: analytics
    category: user.contact.email
    transform: { op: mask, keep_first: -1 }
  - purpose: analytics
    category: user.contact.phone_number
    transform: { op: hash }
  - purpose: analytics
    category: user.location.precise
    transform: { op: h3, resolution: 8, key: k1 }
  - purpose: model_training
    category: user.contact.email
    transform: { op: fpe_ff1, key: Bad Key }
  - purpose: model_training
    category: user.location
    transform: { op: time_coarsen, unit: fortnight }
  - purpose: safety
    category: user.content
    transform: { op: redact_entities, entities: [PERSON, SPACESHIP] }
`);
  const found = problems(text).map((p) => `${p.path}: ${p.message}`);
  assert.equal(found.length, 6, found.join('\n'));
  assert.match(found[0] ?? '', /^rules\[0\]\.transform\.keep_first: /);
  assert.equal(found[1], 'rules[1].transform.salt: missing parameter "salt"');
  assert.equal(found[2], 'rules[2].transform.key: operator "h3" takes no key');
  assert.match(found[3] ?? '', /^rules\[3\]\.transform\.key: a key name/);
  assert.match(found[4] ?? '', /^rules\[4\]\.transform\.unit: /);
  assert.equal(found[5], 'rules[5].transform.entities[1]: unknown entity type "SPACESHIP"');
  const valid = policyWithRules(`  - purpose: analytics
    category: user.contact.email
    transform: { op: mask, keep_first: 2, char: '#' }
  - purpose: analytics
    category: user.location.precise
    transform: { op: geo_indistinguishability, level: 1.386, radius_m: 200 }
`);
  assert.deepEqual(problems(valid), []);
});

test('an empty file and a file of several YAML documents are reported plainly', () => {
  assert.deepEqual(
    problems('').map((p) => `${p.line} ${p.message}`),
    ['1 the file is empty'],
  );
  assert.deepEqual(
    problems('version: 1\n---\nversion: 1\n').map((p) => `${p.line} ${p.message}`),
    ['2 the file holds more than one YAML document'],
  );
});
