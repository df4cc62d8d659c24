import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VeilError } from '../../src/core/errors.js';
import { explain } from '../../src/policy/explain.js';
import { operatorsUsed, outputFields } from '../../src/policy/plan.js';
import { examplePolicy } from './helpers.js';

const policy = examplePolicy();

test('explain gives each field its decision and the deciding rule', () => {
  const e = explain(policy, 'model_training.recommendation', 'messages');
  const rows = e.fields.map((f) => [f.field, f.decision, f.rule?.label ?? 'default']);
  assert.deepEqual(rows, [
    ['message_id', 'allow', 'rules[0] (ops-metadata)'],
    ['user_id', 'transform', 'rules[12]'],
    ['sent_at', 'allow', 'rules[13]'],
    ['text', 'transform', 'rules[18]'],
  ]);
  const userId = e.fields.find((f) => f.field === 'user_id');
  assert.equal(userId?.rule?.purpose, 'model_training', 'inherited from the parent purpose');
  assert.match(userId?.rule?.where ?? '', /^policy\.yaml:\d+$/);
});

test('the plan keeps, drops or transforms every declared field and drops undeclared ones', () => {
  const { plan } = explain(policy, 'analytics', 'users');
  assert.equal(plan.undeclaredFields, 'drop');
  assert.equal(plan.subjectField, 'user_id');
  assert.deepEqual(plan.fields.user_id, { op: 'pseudonymize', key: 'analytics-ids' });
  assert.deepEqual(plan.fields.birth_date, { op: 'time_part', part: 'year' });
  assert.equal(plan.fields.gender, 'keep');
  assert.equal(plan.fields.email, 'drop', 'no rule covers it: default deny');
  assert.equal(plan.fields.national_id, 'drop');
  assert.deepEqual(outputFields(plan), ['user_id', 'birth_date', 'gender', 'country', 'city']);
  assert.deepEqual([...operatorsUsed(plan).keys()], ['pseudonymize', 'time_part']);
  assert.equal(plan.retentionDays, 3 * 365);
  assert.match(plan.policy.sha256, /^[0-9a-f]{64}$/);
});

test('retention and region travel into the plan: the strictest limit on a kept field', () => {
  const { plan, fields } = explain(policy, 'analytics', 'locations');
  assert.equal(plan.region, 'eu');
  assert.equal(
    fields.find((f) => f.field === 'lat')?.retentionDays,
    90,
    'category limit below the dataset limit',
  );
  assert.equal(fields.find((f) => f.field === 'ts')?.retentionDays, 180, 'dataset limit');
  assert.equal(plan.retentionDays, 90);
  assert.deepEqual(plan.fields.lat, { op: 'round_coordinates', decimals: 2 });
});

test('a content field gets entity redaction only where a rule says so', () => {
  assert.deepEqual(explain(policy, 'model_training.recommendation', 'messages').plan.fields.text, {
    op: 'redact_entities',
    replacement: 'type',
  });
  assert.equal(explain(policy, 'model_training.ads_ranking', 'messages').plan.fields.text, 'drop');
  assert.equal(explain(policy, 'analytics', 'messages').plan.fields.text, 'drop');
});

test('safety sees everything except government ids', () => {
  const { plan } = explain(policy, 'safety.fraud', 'users');
  assert.equal(plan.fields.email, 'keep');
  assert.equal(plan.fields.national_id, 'drop');
});

test('unknown purposes and datasets are usage errors with a hint', () => {
  assert.throws(
    () => explain(policy, 'analytic', 'users'),
    (err: unknown) => err instanceof VeilError && err.exitCode === 2 && /analytics/.test(err.hint ?? ''),
  );
  assert.throws(
    () => explain(policy, 'analytics', 'purchases'),
    (err: unknown) => err instanceof VeilError && err.exitCode === 2 && /users/.test(err.hint ?? ''),
  );
  assert.throws(() => explain(policy, '*', 'users'), VeilError);
});
