import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VARCHAR } from '@duckdb/node-api';
import { openEngine } from '../../src/engine/index.js';
import { registerBatchUdf } from '../../src/engine/udf.js';

// What a per-row UDF returns is what DuckDB reads back, byte for byte, row for row: ASCII, other
// scripts, nulls, empty texts, and lone surrogates next to each other (each becomes U+FFFD; joined,
// a trailing high and a leading low surrogate would pair into one character and shift every later row).
const CASES: (string | null)[] = [
  'abc',
  null,
  'Zoë',
  '\uD800',
  '\uDC00',
  '😀',
  '',
  '名前',
  null,
  'x'.repeat(300),
];
const EXPECTED = ['abc', null, 'Zoë', '\uFFFD', '\uFFFD', '😀', '', '名前', null, 'x'.repeat(300)];

for (const [name, texts] of [
  ['mixed texts', CASES],
  ['ASCII only', ['a', null, 'bc', '', 'd'.repeat(40)]],
] as const) {
  test(`registerBatchUdf writes ${name} back exactly, nulls kept`, async () => {
    const engine = await openEngine();
    try {
      const failure = {};
      registerBatchUdf(
        engine,
        {
          name: 'pick',
          parameterTypes: [VARCHAR],
          apply: ([values]) => values!.map((v) => texts[Number(v)]!),
        },
        failure,
      );
      const rows = await engine.all(
        `SELECT pick(i::VARCHAR) AS t FROM range(${texts.length}) r(i) ORDER BY i`,
      );
      const expected = texts === CASES ? EXPECTED : texts;
      assert.deepEqual(
        rows.map((r) => r.t),
        expected,
      );
    } finally {
      engine.close();
    }
  });
}
