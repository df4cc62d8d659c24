import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../src/core/errors.js';
import { defaultGranularity, fromGrid, toGrid } from '../../src/dp/grid.js';
import { discreteGaussianHalfWidth, discreteLaplaceHalfWidth } from '../../src/dp/intervals.js';
import { gaussianMechanism, laplaceMechanism } from '../../src/dp/mechanisms.js';
import { partitionThreshold } from '../../src/dp/partition.js';
import { quantileFromBins } from '../../src/dp/quantile.js';
import { SeededRandomSource } from '../../src/dp/random.js';
import { exponentialMechanism, reportNoisyMax } from '../../src/dp/selection.js';
import { binIntegers, chiSquare, chiSquareCritical, discreteLaplacePmf } from './stats.js';

test('Laplace mechanism derives scale Δ/ε and its noise has exactly that distribution', () => {
  const mech = laplaceMechanism({ sensitivity: 2, epsilon: 0.5 });
  assert.equal(mech.scale, 4);
  assert.deepEqual(mech.cost, { epsilon: 0.5, delta: 0 });
  const rng = new SeededRandomSource('lap-mech');
  const noise = Array.from({ length: 100_000 }, () => Number(mech.release(1000n, rng) - 1000n));
  const { observed, probs } = binIntegers(noise, discreteLaplacePmf(4));
  const { statistic, df } = chiSquare(observed, probs);
  assert.ok(statistic < chiSquareCritical(df), `chi2 ${statistic}`);
});

test('a non-dyadic epsilon rounds the scale up, never down', () => {
  const mech = laplaceMechanism({ sensitivity: 1, epsilon: 0.1 });
  assert.ok(mech.scale >= 10 && mech.scale < 10 + 1e-5, `${mech.scale}`);
});

test('confidence half-widths are exact quantiles of the noise (closed form and coverage)', () => {
  const b = 3;
  const m = discreteLaplaceHalfWidth(b, 0.95);
  const p = Math.exp(-1 / b);
  const tail = (k: number): number => (2 * p ** (k + 1)) / (1 + p);
  assert.ok(tail(m) <= 0.05 && tail(m - 1) > 0.05, `m=${m}`);
  const rng = new SeededRandomSource('coverage');
  const mech = laplaceMechanism({ sensitivity: 1, epsilon: 1 / 3 });
  let inside = 0;
  const n = 40_000;
  for (let i = 0; i < n; i++) if (Math.abs(Number(mech.release(0n, rng))) <= m) inside++;
  assert.ok(inside / n >= 0.95 - 0.005 && inside / n <= 1 - tail(m) + 0.005, `${inside / n}`);
  // the discrete Gaussian with large σ approaches the continuous 1.96σ
  const g = discreteGaussianHalfWidth(10_000, 0.95);
  assert.ok(Math.abs(g - 196) <= 1, `${g}`);
});

test('discrete Gaussian mechanism uses σ² = Δ²/(2ρ)', () => {
  const mech = gaussianMechanism({ sensitivity: 3, rho: 0.125 });
  assert.equal(mech.scale, 6); // σ² = 9 / 0.25 = 36
  const rng = new SeededRandomSource('gauss-mech');
  let s2 = 0;
  const n = 50_000;
  for (let i = 0; i < n; i++) s2 += Number(mech.release(0n, rng)) ** 2;
  assert.ok(Math.abs(s2 / n - 36) < 36 * 0.03, `${s2 / n}`);
});

test('bad privacy parameters are usage errors before any sampling', () => {
  for (const epsilon of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => laplaceMechanism({ sensitivity: 1, epsilon }), UsageError);
  }
  assert.throws(() => laplaceMechanism({ sensitivity: Number.POSITIVE_INFINITY, epsilon: 1 }), UsageError);
  assert.throws(() => gaussianMechanism({ sensitivity: 1, rho: 0 }), UsageError);
  assert.throws(
    () => partitionThreshold({ epsilon: 1, delta: 1, maxPartitions: 1, maxContribution: 1 }),
    UsageError,
  );
  assert.throws(
    () => partitionThreshold({ epsilon: 1, delta: 0, maxPartitions: 1, maxContribution: 1 }),
    UsageError,
  );
});

test('exponential mechanism samples ∝ exp(ε·u/2Δ) exactly', () => {
  const rng = new SeededRandomSource('expmech');
  const utilities = [0, 1, 2, 4];
  const epsilon = 1;
  const weights = utilities.map((u) => Math.exp((epsilon * u) / 2));
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 60_000; i++)
    counts[exponentialMechanism(utilities, { sensitivity: 1, epsilon }, rng)]!++;
  const { statistic } = chiSquare(
    counts,
    weights.map((w) => w / total),
  );
  assert.ok(statistic < chiSquareCritical(3), `chi2 ${statistic} counts ${counts.join(',')}`);
});

test('report noisy max finds a clear winner and is uniform on ties', () => {
  const rng = new SeededRandomSource('rnm');
  let wins = 0;
  for (let i = 0; i < 2000; i++)
    if (reportNoisyMax([0n, 60n, 5n], { sensitivity: 1, epsilon: 1 }, rng) === 1) wins++;
  assert.ok(wins > 1990, `${wins}`);
  const counts = [0, 0, 0];
  for (let i = 0; i < 30_000; i++)
    counts[reportNoisyMax([7n, 7n, 7n], { sensitivity: 1, epsilon: 1 }, rng)]!++;
  assert.ok(chiSquare(counts, [1 / 3, 1 / 3, 1 / 3]).statistic < chiSquareCritical(2), counts.join(','));
});

test('partition threshold: the smallest τ with m·P(r + Z >= τ) <= δ, and the δ holds empirically', () => {
  const t = partitionThreshold({ epsilon: 1, delta: 1e-6, maxPartitions: 4, maxContribution: 2 });
  assert.equal(t.scale, 8);
  const p = Math.exp(-1 / 8);
  const leak = (tau: number): number => (4 * p ** (tau - 2)) / (1 + p);
  assert.ok(leak(t.threshold) <= 1e-6 && leak(t.threshold - 1) > 1e-6, `τ=${t.threshold}`);
  // a partition made of one subject's single row escapes with probability <= δ/m per partition
  const loose = partitionThreshold({ epsilon: 1, delta: 0.2, maxPartitions: 1, maxContribution: 1 });
  const rng = new SeededRandomSource('partition');
  const noise = laplaceMechanism({ sensitivity: 1, epsilon: 1 });
  assert.equal(noise.scale, loose.scale);
  let escaped = 0;
  const n = 50_000;
  for (let i = 0; i < n; i++) if (Number(noise.release(1n, rng)) >= loose.threshold) escaped++;
  assert.ok(escaped / n <= 0.2 + 0.01, `${escaped / n}`);
});

test('DP quantile lands within its rank-error bound on real data', () => {
  const rng = new SeededRandomSource('quantile');
  const bins = new Array<number>(100).fill(0);
  for (let v = 0; v < 10_000; v++) bins[Math.floor((v % 1000) / 10)]!++; // uniform on [0, 1000)
  for (const q of [0.1, 0.5, 0.9]) {
    const res = quantileFromBins(
      bins,
      { q, lower: 0, upper: 1000, epsilon: 1, maxRowsPerSubject: 1, confidence: 0.95 },
      rng,
    );
    const rank = (res.value / 1000) * 10_000;
    assert.ok(Math.abs(rank - q * 10_000) <= res.rankErrorBound + 100, `q=${q} value=${res.value}`);
  }
});

test('grid round trip is exact for multiples of 2^k', () => {
  assert.equal(toGrid(3.75, -2), 15);
  assert.equal(fromGrid(15n, -2), 3.75);
  assert.equal(toGrid(1.1, -1), 2);
  assert.equal(defaultGranularity(0, 1000), 9 - 20);
});
