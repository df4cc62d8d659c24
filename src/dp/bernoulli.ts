import type { RandomSource } from './random.js';

/**
 * Exact uniform integers and Bernoulli trials (Canonne, Kamath, Steinke 2020, Algorithm 1).
 * Two flavours: `number` arithmetic for parameters below 2^46 (every product stays an exact
 * integer in a double), and `bigint` for anything larger.
 */

const TWO_32 = 2 ** 32;
const TWO_53 = 2 ** 53;
/** Largest denominator the fast path accepts: den * k stays below 2^53 for k < 128. */
export const FAST_LIMIT = 2 ** 46;

/** Uniform integer in [0, n) for an integer 1 <= n <= 2^53, by rejection (no modulo bias). */
export function uniformBelow(rng: RandomSource, n: number): number {
  if (n === 1) return 0;
  if (n <= TWO_32) {
    const limit = TWO_32 - (TWO_32 % n);
    for (;;) {
      const w = rng.nextUint32();
      if (w < limit) return w % n;
    }
  }
  const limit = TWO_53 - (TWO_53 % n);
  for (;;) {
    const w = (rng.nextUint32() >>> 11) * TWO_32 + rng.nextUint32();
    if (w < limit) return w % n;
  }
}

/** Uniform bigint in [0, n) for n >= 1: draw just enough bits and reject values >= n. */
export function uniformBelowBig(rng: RandomSource, n: bigint): bigint {
  if (n <= BigInt(TWO_53)) return BigInt(uniformBelow(rng, Number(n)));
  const bits = n.toString(2).length;
  const words = Math.ceil(bits / 32);
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    let x = 0n;
    for (let i = 0; i < words; i++) x = (x << 32n) | BigInt(rng.nextUint32());
    x &= mask;
    if (x < n) return x;
  }
}

/** Bernoulli(num/den), exact. */
export function bernoulli(rng: RandomSource, num: number, den: number): boolean {
  if (num <= 0) return false;
  if (num >= den) return true;
  return uniformBelow(rng, den) < num;
}

export function bernoulliBig(rng: RandomSource, num: bigint, den: bigint): boolean {
  if (num <= 0n) return false;
  if (num >= den) return true;
  return uniformBelowBig(rng, den) < num;
}

/** Bernoulli(exp(-num/den)) for 0 <= num/den <= 1: the alternating-series trick of CKS Alg. 1. */
function expNegUnit(rng: RandomSource, num: number, den: number): boolean {
  let k = 1;
  while (bernoulli(rng, num, den * k)) k++;
  return k % 2 === 1;
}

/** Bernoulli(exp(-num/den)) for any num/den >= 0 with den <= FAST_LIMIT. */
export function bernoulliExpNeg(rng: RandomSource, num: number, den: number): boolean {
  let rest = num;
  while (rest > den) {
    if (!expNegUnit(rng, 1, 1)) return false;
    rest -= den;
  }
  return expNegUnit(rng, rest, den);
}

function expNegUnitBig(rng: RandomSource, num: bigint, den: bigint): boolean {
  let k = 1n;
  while (bernoulliBig(rng, num, den * k)) k++;
  return k % 2n === 1n;
}

/** Bernoulli(exp(-num/den)) for any rational num/den >= 0. */
export function bernoulliExpNegBig(rng: RandomSource, num: bigint, den: bigint): boolean {
  const whole = num / den;
  for (let i = 0n; i < whole; i++) if (!expNegUnit(rng, 1, 1)) return false;
  return expNegUnitBig(rng, num - whole * den, den);
}
