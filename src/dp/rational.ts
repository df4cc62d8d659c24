import { UsageError } from '../core/errors.js';

/** An exact non-negative or signed rational num/den with den > 0, in lowest terms. */
export interface Rational {
  num: bigint;
  den: bigint;
}

export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError('rational with zero denominator');
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

/** The exact value of a finite double (every double is a dyadic rational). */
export function fromNumber(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError('cannot make a rational from a non-finite number');
  let den = 1n;
  let scaled = x;
  while (!Number.isInteger(scaled)) {
    scaled *= 2; // exact: multiplying a double by 2 only changes its exponent
    den *= 2n;
  }
  return rational(BigInt(scaled), den);
}

export const mul = (a: Rational, b: Rational): Rational => rational(a.num * b.num, a.den * b.den);
export const div = (a: Rational, b: Rational): Rational => rational(a.num * b.den, a.den * b.num);
export const add = (a: Rational, b: Rational): Rational =>
  rational(a.num * b.den + b.num * a.den, a.den * b.den);
export const sub = (a: Rational, b: Rational): Rational =>
  rational(a.num * b.den - b.num * a.den, a.den * b.den);

/** Nearest double (for reporting only, never for sampling). */
export function toNumber(r: Rational): number {
  return Number(r.num) / Number(r.den);
}

/** floor(r) for r >= 0. */
export function floorOf(r: Rational): bigint {
  return r.num / r.den;
}

/** floor(sqrt(n)) for n >= 0, exactly (Newton on integers). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('isqrt of a negative number');
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n)))) + 1n;
  for (;;) {
    const y = (x + n / x) / 2n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > n) x -= 1n;
  while ((x + 1n) * (x + 1n) <= n) x += 1n;
  return x;
}

/**
 * r rounded *up* onto the dyadic grid 1/2^bits when its terms are too large for the fast sampler.
 * Rounding a noise scale up only adds noise, so the privacy guarantee still holds.
 */
export function roundUpForSampling(r: Rational, limit = 2n ** 40n, bits = 20n): Rational {
  if (r.num <= limit && r.den <= limit) return r;
  const den = 2n ** bits;
  const scaled = r.num * den;
  const num = scaled / r.den + (scaled % r.den === 0n ? 0n : 1n);
  return rational(num, den);
}

/** Asserts a user-supplied rational-valued parameter is positive, with a usage error otherwise. */
export function positiveRational(x: number, name: string): Rational {
  if (!Number.isFinite(x) || x <= 0) {
    throw new UsageError(`${name} must be a positive finite number`, {
      where: name,
      hint: `give ${name} > 0`,
    });
  }
  return fromNumber(x);
}
