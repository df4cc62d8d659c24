import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeRisk, anonymize, maskHierarchy, intervalHierarchy } from '../../src/anonymize/index.js';

test('library: the demo can measure risk, anonymize, and see the risk drop', () => {
  const zips = [
    '81667',
    '81675',
    '81925',
    '81931',
    '80331',
    '80335',
    '81667',
    '81675',
    '81925',
    '81931',
    '80331',
    '80335',
  ];
  const ages = ['23', '27', '35', '38', '41', '44', '29', '22', '31', '36', '47', '42'];
  const before = analyzeRisk({ zip: zips, age: ages });
  assert.equal(before.uniqueRecords, 12);
  const result = anonymize(
    [
      { name: 'zip', values: zips, hierarchy: maskHierarchy(5) },
      { name: 'age', values: ages, hierarchy: intervalHierarchy([10, 20]) },
    ],
    [],
    { models: [{ kind: 'k-anonymity', k: 3 }], suppressionLimit: 0 },
  );
  const after = analyzeRisk({ zip: result.columns[0]!, age: result.columns[1]! });
  assert.ok(after.minClassSize >= 3);
  assert.ok(after.prosecutor.highest <= 1 / 3);
  assert.equal(result.suppressedCount, 0);
});
