import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { createAnalyzer, parseDetectConfig } from '../../src/detect/index.js';

const YAML = `
threshold: 0.5
allow_list: [ops@example.com]
recognizers:
  - name: employee_id
    entity: EMPLOYEE_ID
    regex: 'EMP-\\d{6}'
    score: 0.4
    context: [employee, staff]
  - name: member_card
    entity: MEMBER_CARD
    regex: '\\b\\d{16}\\b'
    validator: luhn
    score: 0.8
`;

test('custom recognizers from YAML: regex, validator, context words, score', () => {
  const analyzer = createAnalyzer(parseDetectConfig(YAML, 'detect.yaml'));
  const a = analyzer.analyze('staff badge EMP-123456 and ops@example.com');
  assert.deepEqual(
    a.map((f) => [f.entity, f.score]),
    [['EMPLOYEE_ID', 0.75]],
  );
  assert.deepEqual(analyzer.analyze('id EMP-123456'), [], 'below threshold without context');
  const cards = analyzer.analyze('member 4111111111111111 and 4111111111111112');
  assert.equal(cards.filter((f) => f.entity === 'MEMBER_CARD').length, 1);
});

function usageError(yaml: string): UsageError {
  try {
    parseDetectConfig(yaml, 'detect.yaml');
  } catch (err) {
    assert.ok(err instanceof UsageError);
    return err;
  }
  assert.fail('expected a UsageError');
}

test('config errors name the YAML path and never echo values', () => {
  const badScore = usageError('recognizers:\n  - {name: x, entity: X, regex: "a", score: 7}\n');
  assert.equal(badScore.where, 'detect.yaml:recognizers.0.score');
  const badValidator = usageError(
    'recognizers:\n  - {name: x, entity: X, regex: "a", score: 0.5, validator: nope}\n',
  );
  assert.equal(badValidator.where, 'detect.yaml:recognizers.0.validator');
  const unknownKey = usageError('thresold: 0.5\n');
  assert.match(unknownKey.where ?? '', /^detect\.yaml:/);
  const syntax = usageError('a: [1, 2\n');
  assert.match(syntax.message, /not valid YAML/);
  const secret = usageError('allow_list: "s3cr3t-value"\n');
  assert.ok(!secret.toLine().includes('s3cr3t'));
});

test('custom regexes with nested unbounded quantifiers are refused', () => {
  const err = usageError('recognizers:\n  - {name: x, entity: X, regex: "(a+)+b", score: 0.5}\n');
  assert.equal(err.where, 'detect.yaml:recognizers.0.regex');
  assert.match(err.message, /backtracking/);
});
