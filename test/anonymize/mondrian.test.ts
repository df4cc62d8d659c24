import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adultLike, SeededStream } from '../../bench/anonymize-data.js';
import { InputError, UsageError } from '../../src/core/errors.js';
import { parseHierarchyCsv } from '../../src/anonymize/hierarchy.js';
import { mondrian, type MondrianColumn } from '../../src/anonymize/mondrian.js';

function checkKAnonymous(columns: readonly MondrianColumn[], k: number) {
  const result = mondrian(columns, k);
  const n = columns[0]!.values.length;
  const counts = new Map<string, number>();
  for (let row = 0; row < n; row++) {
    const p = result.partitionOfRow[row]!;
    const key = columns.map((_, c) => result.label(p, c)).join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const size of counts.values()) assert.ok(size >= k, `class of ${size} < ${k}`);
  return result;
}

test('Mondrian on numeric columns: every output class has >= k rows and each row keeps its range', () => {
  const rnd = new SeededStream('mondrian-num');
  const n = 5000;
  const age = Array.from({ length: n }, () => 18 + Math.floor(rnd.next() * 70));
  const income = Array.from({ length: n }, () => Math.floor(rnd.next() * rnd.next() * 200000));
  const columns: MondrianColumn[] = [
    { name: 'age', kind: 'numeric', values: age },
    { name: 'income', kind: 'numeric', values: income },
  ];
  const result = checkKAnonymous(columns, 10);
  assert.ok(result.partitions.length > 100);
  for (let row = 0; row < n; row += 97) {
    const p = result.partitions[result.partitionOfRow[row]!]!;
    assert.ok(p.min[0]! <= age[row]! && age[row]! <= p.max[0]!);
  }
  assert.ok(result.ncp > 0 && result.ncp < 0.2, `ncp ${result.ncp}`);
  // Larger k: coarser partitions, more loss.
  assert.ok(mondrian(columns, 50).ncp > result.ncp);
});

test('Mondrian with categorical columns labels partitions by hierarchy ancestors', () => {
  const data = adultLike(3000, 'mondrian-cat', 5);
  const columns: MondrianColumn[] = data.quasi.map((q) =>
    q.name === 'age'
      ? { name: q.name, kind: 'numeric' as const, values: q.values.map(Number) }
      : { name: q.name, kind: 'categorical' as const, values: q.values, hierarchy: q.hierarchy },
  );
  const result = checkKAnonymous(columns, 5);
  const labels = new Set(result.partitions.map((_, p) => result.label(p, 3)));
  assert.ok(
    [...labels].some((l) => l === 'spouse not present' || l === '*' || l === 'spouse present'),
    [...labels].join(),
  );
});

test('Mondrian bad input: k larger than the data, non-numeric numbers, uncovered categories', () => {
  assert.throws(() => mondrian([{ name: 'a', kind: 'numeric', values: [1, 2] }], 3), UsageError);
  assert.throws(
    () => mondrian([{ name: 'a', kind: 'numeric', values: [1, NaN, 2] }], 1),
    (e: unknown) => e instanceof InputError && e.where === 'row 2, field a',
  );
  const h = parseHierarchyCsv('x;*\ny;*');
  assert.throws(
    () => mondrian([{ name: 'c', kind: 'categorical', values: ['x', 'z'], hierarchy: h }], 1),
    (e: unknown) => e instanceof InputError && e.where === 'row 2, field c',
  );
});
