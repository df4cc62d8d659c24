import {
  bernoulli,
  bernoulliExpNeg,
  bernoulliExpNegBig,
  uniformBelow,
  uniformBelowBig,
} from './bernoulli.js';
import type { RandomSource } from './random.js';
import { isqrt, type Rational } from './rational.js';

/**
 * Exact samplers of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy"
 * (NeurIPS 2020): discrete Laplace (Algorithm 2) and discrete Gaussian (Algorithm 3). Only exact
 * integer arithmetic and uniform random bits are used, so the output distribution is exactly the
 * stated one (no floating-point holes, Mironov 2012).
 */

/** Single random bits cut from 32-bit words: a sign costs one bit, not one word. */
class BitPool {
  private word = 0;
  private left = 0;
  constructor(private readonly rng: RandomSource) {}

  bit(): number {
    if (this.left === 0) {
      this.word = this.rng.nextUint32();
      this.left = 32;
    }
    this.left--;
    const b = this.word & 1;
    this.word >>>= 1;
    return b;
  }
}

/**
 * Bernoulli(exp(-1)) by CKS Algorithm 1 with γ = 1, unrolled: the first trial has probability 1 and
 * the second is Bernoulli(1/2), a single bit; later trials are Bernoulli(1/k).
 */
function bernoulliExpNegOne(rng: RandomSource, bits: BitPool): boolean {
  if (bits.bit() === 0) return false; // stopped at k = 2: even
  let k = 3;
  while (bernoulli(rng, 1, k)) k++;
  return k % 2 === 1;
}

/** Discrete Laplace with scale t/s: P(x) ∝ exp(-|x|·s/t), for integers t, s <= 2^40. */
function discreteLaplaceFast(rng: RandomSource, bits: BitPool, t: number, s: number): number {
  for (;;) {
    const u = uniformBelow(rng, t);
    if (!bernoulliExpNeg(rng, u, t)) continue;
    let v = 0;
    while (bernoulliExpNegOne(rng, bits)) v++;
    const x = u + t * v;
    const y = (x - (x % s)) / s; // floor(x / s), exact
    const negative = bits.bit() === 1;
    if (negative && y === 0) continue;
    return negative ? -y : y;
  }
}

function discreteLaplaceBig(rng: RandomSource, t: bigint, s: bigint): bigint {
  for (;;) {
    const u = uniformBelowBig(rng, t);
    if (!bernoulliExpNegBig(rng, u, t)) continue;
    let v = 0n;
    while (bernoulliExpNeg(rng, 1, 1)) v++;
    const y = (u + t * v) / s;
    const negative = (rng.nextUint32() & 1) === 1;
    if (negative && y === 0n) continue;
    return negative ? -y : y;
  }
}

const FAST = BigInt(2 ** 40);

/** A sampler of discrete Laplace noise with an exact rational scale b: P(x) ∝ exp(-|x|/b). */
export function discreteLaplaceSampler(scale: Rational): (rng: RandomSource) => bigint {
  if (scale.num <= 0n) throw new RangeError('discrete Laplace scale must be positive');
  if (scale.num <= FAST && scale.den <= FAST) {
    const t = Number(scale.num);
    const s = Number(scale.den);
    return (rng) => BigInt(discreteLaplaceFast(rng, new BitPool(rng), t, s));
  }
  return (rng) => discreteLaplaceBig(rng, scale.num, scale.den);
}

/** Fills `out` with discrete Laplace samples of integer-friendly scale t/s (the fast path). */
export function fillDiscreteLaplace(rng: RandomSource, scale: Rational, out: Float64Array): void {
  if (scale.num > FAST || scale.den > FAST) throw new RangeError('fillDiscreteLaplace needs terms <= 2^40');
  const t = Number(scale.num);
  const s = Number(scale.den);
  const bits = new BitPool(rng);
  for (let i = 0; i < out.length; i++) out[i] = discreteLaplaceFast(rng, bits, t, s);
}

/** A sampler of the discrete Gaussian with exact rational variance parameter σ²: P(x) ∝ exp(-x²/2σ²). */
export function discreteGaussianSampler(sigma2: Rational): (rng: RandomSource) => bigint {
  if (sigma2.num <= 0n) throw new RangeError('discrete Gaussian variance must be positive');
  const { num: a, den: b } = sigma2;
  const t = isqrt(a / b) + 1n; // floor(σ) + 1
  const laplace = discreteLaplaceSampler({ num: t, den: 1n });
  const acceptDen = 2n * a * b * t * t;
  return (rng) => {
    for (;;) {
      const y = laplace(rng);
      const abs = y < 0n ? -y : y;
      const diff = abs * t * b - a;
      // accept with probability exp(-(|y| - σ²/t)² / 2σ²) = exp(-diff² / (2 a b t²))
      if (bernoulliExpNegBig(rng, diff * diff, acceptDen)) return y;
    }
  };
}

/** A uniform index in [0, n), for tie-breaking and candidate proposals in selection mechanisms. */
export function uniformIndex(rng: RandomSource, n: number): number {
  return uniformBelow(rng, n);
}
