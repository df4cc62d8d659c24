import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError, UsageError } from '../../src/core/errors.js';
import { encodeTable } from '../../src/anonymize/encode.js';
import {
  dateHierarchy,
  generalize,
  intervalHierarchy,
  maskHierarchy,
  parseHierarchyCsv,
} from '../../src/anonymize/hierarchy.js';

test('ARX CSV hierarchy: semicolon rows, one per value', () => {
  const h = parseHierarchyCsv('Male;Human;*\nFemale;Human;*\n');
  assert.equal(h.height, 3);
  assert.deepEqual(h.chain('Female'), ['Female', 'Human', '*']);
  assert.equal(h.chain('Other'), undefined);
  assert.equal(generalize(h, 'Male', 1), 'Human');
});

test('inconsistent hierarchy levels are usage errors naming the line', () => {
  assert.throws(
    () => parseHierarchyCsv('a;x;*\nb;*\n', 'sex.csv'),
    (e: unknown) =>
      e instanceof UsageError && e.where === 'sex.csv:2' && /inconsistent hierarchy levels/.test(e.message),
  );
  // The same level-1 label with two parents is not a tree.
  assert.throws(
    () => parseHierarchyCsv('a;x;p\nb;x;q\n', 'h.csv'),
    (e: unknown) => e instanceof UsageError && e.where === 'h.csv:2',
  );
});

test('interval builder nests intervals and rejects non-nesting widths', () => {
  const h = intervalHierarchy([5, 10, 20]);
  assert.deepEqual(h.chain('37'), ['37', '[35, 40)', '[30, 40)', '[20, 40)', '*']);
  assert.deepEqual(h.chain('-3')?.[1], '[-5, 0)');
  assert.equal(h.chain('abc'), undefined);
  assert.throws(() => intervalHierarchy([5, 12]), UsageError);
});

test('date builder: day to month to year to decade', () => {
  const h = dateHierarchy(['month', 'year', 'decade']);
  assert.deepEqual(h.chain('1987-06-14'), ['1987-06-14', '1987-06', '1987', '1980s', '*']);
  assert.equal(h.chain('14/06/1987'), undefined);
  assert.throws(() => dateHierarchy(['year', 'month']), UsageError);
});

test('mask builder masks ZIP codes from the right', () => {
  const h = maskHierarchy(5);
  assert.deepEqual(h.chain('81667'), ['81667', '8166*', '816**', '81***', '8****', '*****']);
  assert.equal(h.chain('816'), undefined);
});

test('a value the hierarchy misses is an input error naming row and column, not the value', () => {
  const h = parseHierarchyCsv('a;*\nb;*');
  assert.throws(
    () => encodeTable([{ name: 'code', values: ['a', 'b', 'secret-zz'], hierarchy: h }]),
    (e: unknown) =>
      e instanceof InputError && e.where === 'row 3, field code' && !e.message.includes('secret-zz'),
  );
});
