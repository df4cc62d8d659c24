import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lambertWm1 } from '../../src/geo/lambertw.js';

test('W_{-1}(-k e^{-k}) = -k for k >= 1 (exact identities)', () => {
  for (const k of [1.0001, 1.01, 1.1, 1.5, 2, 3, 5, 10, 20, 50, 100, 300]) {
    const w = lambertWm1(-k * Math.exp(-k));
    assert.ok(Math.abs(w + k) <= 1e-9 * k, `k=${k}: got ${w}`);
  }
});

test('W_{-1}(x) * exp(W_{-1}(x)) = x over the whole domain, and W <= -1', () => {
  const xs: number[] = [];
  for (let i = 1; i < 2000; i++) xs.push(-Math.exp(-1) * (i / 2000));
  for (let e = 1; e <= 300; e += 7) xs.push(-(10 ** -e));
  xs.push(-1 / Math.E + 1e-12, -1 / Math.E + 1e-8, -1e-307);
  for (const x of xs) {
    const w = lambertWm1(x);
    assert.ok(w <= -1, `x=${x}: w=${w}`);
    const residual = Math.abs(w * Math.exp(w) - x) / Math.abs(x);
    assert.ok(residual < 1e-10, `x=${x}: relative residual ${residual}`);
  }
});

test('known reference values', () => {
  // W_{-1}(-ln2/2) = -2 ln 2 exactly; W_{-1}(-0.1) from tabulated values.
  assert.ok(Math.abs(lambertWm1(-Math.LN2 / 2) + 2 * Math.LN2) < 1e-14);
  assert.ok(Math.abs(lambertWm1(-0.1) - -3.577152063957297) < 1e-12);
  assert.equal(lambertWm1(-1 / Math.E), -1);
});

test('outside [-1/e, 0) is a RangeError', () => {
  for (const x of [0, 0.5, -0.4, Number.NaN]) assert.throws(() => lambertWm1(x), RangeError);
});
