import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeTable } from '../../src/anonymize/encode.js';
import { parseHierarchyCsv } from '../../src/anonymize/hierarchy.js';
import { closeness, maxQualifyingClasses } from '../../src/anonymize/models.js';

const flat = parseHierarchyCsv('x;*');

test('t-closeness distances match hand-computed earth mover distances', () => {
  // Sensitive values a,b under X and c,d under Y; the table is uniform over them.
  const tree = parseHierarchyCsv('a;X;*\nb;X;*\nc;Y;*\nd;Y;*');
  const table = encodeTable(
    [{ name: 'q', values: ['x', 'x', 'x', 'x'], hierarchy: flat }],
    [{ name: 's', values: ['a', 'b', 'c', 'd'], hierarchy: tree }],
  );
  const s = table.sensitive[0]!;
  const onlyA = new Map([[s.labels.indexOf('a'), 1]]);
  // Move 1/4 from a to its sibling b (ground distance 1/2) and 1/2 to c, d (distance 1): 1/8 + 1/2.
  assert.ok(Math.abs(closeness(s, onlyA, 1, 'hierarchical') - 5 / 8) < 1e-12);
  assert.ok(Math.abs(closeness(s, onlyA, 1, 'equal') - 3 / 4) < 1e-12);
  const same = new Map(s.labels.map((_, code) => [code, 1]));
  assert.ok(closeness(s, same, 4, 'hierarchical') < 1e-12);
});

test('the class-count bound: more than n/k + L(k-1)/k classes cannot qualify', () => {
  // 100 records, k = 5, 10 may be suppressed: at most 20 + 8 = 28 classes.
  assert.equal(maxQualifyingClasses([{ kind: 'k-anonymity', k: 5 }], 100, 10), 28);
  // The bound is attained: 18 classes of 5 records plus 10 suppressed singletons = 28 classes.
  assert.equal(
    maxQualifyingClasses([{ kind: 't-closeness', attribute: 's', t: 0.1, distance: 'equal' }], 100, 10),
    Infinity,
  );
});
