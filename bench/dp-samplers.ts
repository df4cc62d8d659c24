/**
 * Discrete Laplace throughput: the exact sampler on the fast number path with pooled CSPRNG bytes
 * (candidate) against the same CKS algorithm on the general BigInt path (baseline), alternating,
 * 5 repetitions each, median, rates per CPU-second of this process (so per core). Also reports the discrete Gaussian for reference.
 *   node --import tsx bench/dp-samplers.ts
 */
import { CryptoRandomSource } from '../src/dp/random.js';
import { rational } from '../src/dp/rational.js';
import { discreteGaussianSampler, discreteLaplaceSampler, fillDiscreteLaplace } from '../src/dp/samplers.js';

const N = 1_000_000;
const REPS = 5;
const rng = new CryptoRandomSource();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** CPU seconds of this process (user + system): a per-core rate even on a shared, loaded machine. */
function timeIt(body: () => void): number {
  const t0 = process.cpuUsage();
  body();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
}

/** Wall-clock rate of the fast path, for comparison with the CPU-time rate. */
function wallRate(body: () => void, n: number): number {
  const t0 = performance.now();
  body();
  return n / ((performance.now() - t0) / 1000);
}

for (const scaleValue of [1n, 10n, 1000n]) {
  const scale = rational(scaleValue);
  // the BigInt path, forced by an equal scale written with 2^50 in both terms
  const bigScale = { num: scaleValue * 2n ** 50n, den: 2n ** 50n };
  const bigSampler = discreteLaplaceSampler(bigScale);
  const out = new Float64Array(N);
  const wall: number[] = [];
  const fast: number[] = [];
  const slow: number[] = [];
  const bigN = N / 20;
  for (let rep = 0; rep < REPS; rep++) {
    fast.push(N / timeIt(() => fillDiscreteLaplace(rng, scale, out)));
    wall.push(wallRate(() => fillDiscreteLaplace(rng, scale, out), N));
    slow.push(
      bigN /
        timeIt(() => {
          for (let i = 0; i < bigN; i++) bigSampler(rng);
        }),
    );
  }
  const f = median(fast);
  const s = median(slow);
  console.log(
    `discrete Laplace scale ${scaleValue}: fast ${(f / 1e6).toFixed(2)} M/s, bigint ${(s / 1e6).toFixed(3)} M/s, ratio ${(f / s).toFixed(1)}x (fast wall-clock ${(median(wall) / 1e6).toFixed(2)} M/s)`,
  );
}

const gauss = discreteGaussianSampler(rational(100n));
const rates: number[] = [];
for (let rep = 0; rep < REPS; rep++) {
  rates.push(
    200_000 /
      timeIt(() => {
        for (let i = 0; i < 200_000; i++) gauss(rng);
      }),
  );
}
console.log(`discrete Gaussian sigma^2=100: ${(median(rates) / 1e6).toFixed(2)} M/s`);
