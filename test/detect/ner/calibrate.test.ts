import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPlatt, fitPlatt, logit } from '../../../src/detect/ner/calibrate.js';
import { SeededRandom } from '../../../src/detect/ner/train/prng.js';
import { calibrationTable } from '../../../src/detect/ner/train/evaluate.js';

test('Platt scaling recovers a known miscalibration', () => {
  // Raw scores are overconfident: true P(correct) = sigmoid(0.5 * logit(p) - 0.3).
  const rng = new SeededRandom('platt-test');
  const p: number[] = [];
  const y: boolean[] = [];
  for (let i = 0; i < 20000; i++) {
    const raw = 0.02 + 0.96 * rng.next();
    const truth = 1 / (1 + Math.exp(-(0.5 * logit(raw) - 0.3)));
    p.push(raw);
    y.push(rng.next() < truth);
  }
  const c = fitPlatt(p, y);
  assert.ok(Math.abs(c.a - 0.5) < 0.05, `a=${c.a}`);
  assert.ok(Math.abs(c.b + 0.3) < 0.05, `b=${c.b}`);
  const { ece } = calibrationTable(
    p.map((x) => applyPlatt(c, x)),
    y,
  );
  assert.ok(ece < 0.02, `ece=${ece}`);
});

test('seeded random is deterministic and seed-dependent', () => {
  const a = new SeededRandom('s');
  const b = new SeededRandom('s');
  const c = new SeededRandom('t');
  const xs = Array.from({ length: 20 }, () => a.next());
  assert.deepEqual(
    xs,
    Array.from({ length: 20 }, () => b.next()),
  );
  assert.notDeepEqual(
    xs,
    Array.from({ length: 20 }, () => c.next()),
  );
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});
