import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAnalyzer } from '../../src/detect/index.js';
import { patternRecognizers } from '../../src/detect/recognizers/index.js';
import { ENTITY_TYPES, NAME_MODEL_ENTITIES } from '../../src/taxonomy/entities.js';
import { ENTITY_CASES } from './entity-cases.js';

const analyzer = createAnalyzer({ threshold: 0.3 });
/** VINs outside North America carry no check digit; Korean RRNs since 2020 carry none either. */
const LOWERED_ON_FAILURE = new Set(['VIN', 'KR_RRN', 'MX_CURP']);

test('the taxonomy has at least 60 entity types and each has a recognizer', () => {
  assert.ok(ENTITY_TYPES.length >= 60, `only ${ENTITY_TYPES.length} types`);
  const covered = new Set(patternRecognizers().flatMap((r) => r.entities));
  for (const name of NAME_MODEL_ENTITIES) covered.add(name);
  assert.deepEqual(
    ENTITY_TYPES.filter((e) => !covered.has(e)),
    [],
  );
});

test('every pattern entity type has a positive and a negative case', () => {
  const names = new Set<string>(NAME_MODEL_ENTITIES);
  const cased = new Set(ENTITY_CASES.map((c) => c.entity));
  assert.deepEqual(
    ENTITY_TYPES.filter((e) => !names.has(e) && !cased.has(e)),
    [],
  );
});

for (const c of ENTITY_CASES) {
  test(`${c.entity}: found in the positive case, not in the negative`, () => {
    const found = analyzer.analyze(c.positive).filter((f) => f.entity === c.entity);
    const values = found.map((f) => c.positive.slice(f.start, f.end));
    assert.ok(values.includes(c.value), `expected ${JSON.stringify(c.value)}, got ${JSON.stringify(values)}`);
    const wrong = analyzer.analyze(c.negative).filter((f) => f.entity === c.entity);
    if (LOWERED_ON_FAILURE.has(c.entity) && wrong.length > 0) {
      // Formats where a failed check digit lowers the score instead of removing the match.
      assert.ok(wrong.every((f) => f.score < Math.min(...found.map((g) => g.score))));
      return;
    }
    assert.deepEqual(
      wrong.map((f) => c.negative.slice(f.start, f.end)),
      [],
    );
  });
}
