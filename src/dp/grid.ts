import { UsageError } from '../core/errors.js';

/**
 * Real values are released only through a grid of granularity 2^k (the discretisation the issue
 * and CKS 2020 prescribe): values are snapped to integers n·2^k, discrete noise is added to the
 * integer, and the result is rescaled. Scaling by a power of two is exact in binary floating point.
 */

export function checkGranularity(k: number, where = 'granularity'): number {
  if (!Number.isSafeInteger(k) || k < -60 || k > 60) {
    throw new UsageError('granularity must be an integer exponent k in [-60, 60] (grid step 2^k)', {
      where,
      hint: 'e.g. -10 for steps of about 0.001',
    });
  }
  return k;
}

/** The grid integer nearest to x (ties away from zero would also do; Math.round is fine). */
export function toGrid(x: number, k: number): number {
  return Math.round(x * 2 ** -k);
}

export function fromGrid(n: bigint | number, k: number): number {
  return Number(n) * 2 ** k;
}

/**
 * A default grid: about 2^-20 of the largest clamp bound, so rounding error is negligible against
 * the noise while grid integers stay small enough to sum exactly in 64-bit integers.
 */
export function defaultGranularity(lower: number, upper: number): number {
  const magnitude = Math.max(Math.abs(lower), Math.abs(upper), 2 ** -40);
  return Math.floor(Math.log2(magnitude)) - 20;
}
