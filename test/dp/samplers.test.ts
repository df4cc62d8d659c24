import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bernoulliExpNeg,
  bernoulliExpNegBig,
  uniformBelow,
  uniformBelowBig,
} from '../../src/dp/bernoulli.js';
import { CryptoRandomSource, SeededRandomSource } from '../../src/dp/random.js';
import { fromNumber, rational } from '../../src/dp/rational.js';
import { discreteGaussianSampler, discreteLaplaceSampler } from '../../src/dp/samplers.js';
import {
  binIntegers,
  chiSquare,
  chiSquareCritical,
  discreteGaussianPmf,
  discreteLaplacePmf,
} from './stats.js';

const N = 200_000;

function draw(sample: () => bigint, n = N): number[] {
  return Array.from({ length: n }, () => Number(sample()));
}

function assertFits(samples: number[], pmf: (x: number) => number, label: string): void {
  const { observed, probs } = binIntegers(samples, pmf);
  const { statistic, df } = chiSquare(observed, probs);
  assert.ok(statistic < chiSquareCritical(df), `${label}: chi2=${statistic.toFixed(1)} df=${df}`);
}

test('seeded source is deterministic per seed and differs across seeds', () => {
  const a = new SeededRandomSource('x');
  const b = new SeededRandomSource('x');
  const c = new SeededRandomSource('y');
  const wa = Array.from({ length: 5000 }, () => a.nextUint32());
  assert.deepEqual(
    wa,
    Array.from({ length: 5000 }, () => b.nextUint32()),
  );
  assert.notDeepEqual(
    wa.slice(0, 8),
    Array.from({ length: 8 }, () => c.nextUint32()),
  );
});

test('uniformBelow is uniform for a non-power-of-two bound (number and bigint paths)', () => {
  const rng = new SeededRandomSource('uniform');
  const counts = new Array<number>(7).fill(0);
  for (let i = 0; i < 70_000; i++) counts[uniformBelow(rng, 7)]!++;
  const big = new Array<number>(7).fill(0);
  const bound = 7n * 2n ** 60n; // forces the multi-word bigint path
  for (let i = 0; i < 70_000; i++) big[Number(uniformBelowBig(rng, bound) / 2n ** 60n)]!++;
  const uniform = new Array<number>(7).fill(1 / 7);
  assert.ok(chiSquare(counts, uniform).statistic < chiSquareCritical(6));
  assert.ok(chiSquare(big, uniform).statistic < chiSquareCritical(6));
});

test('Bernoulli(exp(-γ)) matches exp(-γ) for γ below and above 1 (number and bigint paths)', () => {
  const rng = new SeededRandomSource('bexp');
  for (const [num, den] of [
    [3, 10],
    [5, 2],
    [0, 1],
  ] as const) {
    const n = 100_000;
    let hits = 0;
    let hitsBig = 0;
    for (let i = 0; i < n; i++) {
      if (bernoulliExpNeg(rng, num, den)) hits++;
      if (bernoulliExpNegBig(rng, BigInt(num) * 2n ** 70n, BigInt(den) * 2n ** 70n)) hitsBig++;
    }
    const p = Math.exp(-num / den);
    const sd = Math.sqrt(n * p * (1 - p)) + 1e-9;
    assert.ok(Math.abs(hits - n * p) <= 4.5 * sd, `γ=${num}/${den}: ${hits}`);
    assert.ok(Math.abs(hitsBig - n * p) <= 4.5 * sd, `big γ=${num}/${den}: ${hitsBig}`);
  }
});

test('discrete Laplace matches its pmf at integer, rational and large-term scales', () => {
  const rng = new SeededRandomSource('laplace');
  assertFits(
    draw(() => discreteLaplaceSampler(rational(1n))(rng)),
    discreteLaplacePmf(1),
    'scale 1',
  );
  assertFits(
    draw(() => discreteLaplaceSampler(rational(7n, 2n))(rng)),
    discreteLaplacePmf(3.5),
    'scale 7/2',
  );
  assertFits(
    draw(() => discreteLaplaceSampler(rational(20n))(rng)),
    discreteLaplacePmf(20),
    'scale 20',
  );
  const bigScale = rational(3n * 2n ** 45n + 1n, 2n ** 45n); // terms beyond the fast path
  const sampleBig = discreteLaplaceSampler(bigScale);
  assertFits(
    draw(() => sampleBig(rng), 60_000),
    discreteLaplacePmf(3 + 2 ** -45),
    'bigint scale ~3',
  );
});

test('discrete Laplace is wrong-scale sensitive (the test can fail)', () => {
  const rng = new SeededRandomSource('laplace-neg');
  const samples = draw(() => discreteLaplaceSampler(rational(2n))(rng));
  const { observed, probs } = binIntegers(samples, discreteLaplacePmf(2.2));
  const { statistic, df } = chiSquare(observed, probs);
  assert.ok(statistic > chiSquareCritical(df), 'a 10% scale error must be detected');
});

test('discrete Gaussian matches its pmf for integer and rational variances', () => {
  const rng = new SeededRandomSource('gauss');
  for (const sigma2 of [1, 4, 2 / 3, 30.25]) {
    const sample = discreteGaussianSampler(fromNumber(sigma2));
    assertFits(
      draw(() => sample(rng), 100_000),
      discreteGaussianPmf(sigma2),
      `σ²=${sigma2}`,
    );
  }
});

test('the CSPRNG source yields a plausible discrete Laplace variance', () => {
  const rng = new CryptoRandomSource();
  const sample = discreteLaplaceSampler(rational(5n));
  const xs = draw(() => sample(rng), 100_000);
  const p = Math.exp(-1 / 5);
  const variance = (2 * p) / (1 - p) ** 2;
  const mean2 = xs.reduce((a, x) => a + x * x, 0) / xs.length;
  assert.ok(Math.abs(mean2 - variance) / variance < 0.05, `variance ${mean2} vs ${variance}`);
});
