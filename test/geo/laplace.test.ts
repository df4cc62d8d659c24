import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insideBox, snapToGrid } from '../../src/geo/grid.js';
import { drawPolarNoise, laplaceRadiusCdf, planarLaplace } from '../../src/geo/laplace.js';
import { CryptoRandom, SeededRandom, type RandomSource } from '../../src/geo/random.js';
import { distanceMetres } from '../../src/geo/sphere.js';

const EPSILON = Math.log(4) / 200; // ℓ = ln 4 within 200 m
const N = 200_000;

function radii(random: RandomSource, n = N): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = drawPolarNoise(EPSILON, random).radius;
  return out.sort();
}

/** Kolmogorov–Smirnov statistic of sorted samples against the exact radius CDF. */
function ksStatistic(sorted: Float64Array): number {
  let d = 0;
  const n = sorted.length;
  for (let i = 0; i < n; i++) {
    const f = laplaceRadiusCdf(EPSILON, sorted[i]!);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  }
  return d;
}

test('radius matches the CDF 1 - (1 + εr)e^{-εr} (KS, seeded stream, α = 0.001)', () => {
  const d = ksStatistic(radii(new SeededRandom('ks-test')));
  assert.ok(d < 1.95 / Math.sqrt(N), `KS D = ${d}`);
});

test('radius matches the CDF under the OS CSPRNG (KS, α = 1e-6)', () => {
  const d = ksStatistic(radii(new CryptoRandom()));
  assert.ok(d < 2.63 / Math.sqrt(N), `KS D = ${d}`);
});

test('a wrong ε is rejected by the same KS test (the test has power)', () => {
  const sorted = radii(new SeededRandom('power')).map((r) => r * 1.02);
  assert.ok(ksStatistic(sorted) > 1.95 / Math.sqrt(N));
});

test('mean radius is 2/ε', () => {
  const r = radii(new SeededRandom('mean'));
  const mean = r.reduce((a, b) => a + b, 0) / r.length;
  assert.ok(Math.abs(mean / (2 / EPSILON) - 1) < 0.01, `mean ${mean}, expected ${2 / EPSILON}`);
});

test('at ε = ln(4)/200 m, 95% of noisy points fall within about 684 m', () => {
  const random = new SeededRandom('q95');
  const truth = { lat: 48.8566, lng: 2.3522 };
  const d = new Float64Array(50_000);
  for (let i = 0; i < d.length; i++)
    d[i] = distanceMetres(truth, planarLaplace(truth, { epsilonPerMetre: EPSILON }, random));
  d.sort();
  const q95 = d[Math.floor(0.95 * d.length)]!;
  assert.ok(Math.abs(q95 - 684) < 12, `95th percentile ${q95} m`);
  assert.ok(Math.abs(laplaceRadiusCdf(EPSILON, 684.4) - 0.95) < 1e-3);
});

test('bearings are uniform: each quadrant gets a quarter of the draws', () => {
  const random = new SeededRandom('bearing');
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 40_000; i++)
    counts[Math.floor(drawPolarNoise(EPSILON, random).bearing / (Math.PI / 2))]! += 1;
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 400, `quadrant count ${c}`);
});

test('discretization returns grid points and truncation keeps outputs inside the region', () => {
  const random = new SeededRandom('trunc');
  const region = { south: 48.85, west: 2.34, north: 48.86, east: 2.36 };
  const truth = { lat: 48.8505, lng: 2.3405 }; // near a corner, so many draws fall outside
  let moved = 0;
  for (let i = 0; i < 5000; i++) {
    const out = planarLaplace(truth, { epsilonPerMetre: EPSILON, gridMetres: 100, region }, random);
    assert.ok(insideBox(out, region), 'output outside the region');
    assert.deepEqual(snapToGrid(out, 100), out, 'output is not a grid point');
    if (distanceMetres(out, truth) > 50) moved++;
  }
  assert.ok(moved > 2500);
});
