import { checkEpsilon, checkPositiveInteger } from './params.js';
import type { RandomSource } from './random.js';
import { fromNumber, rational, type Rational } from './rational.js';
import { exponentialMechanism } from './selection.js';

/**
 * A DP quantile over a bounded range by the exponential mechanism on the B+1 bin edges of a
 * histogram (after Smith 2011): edge j scores −|#{values below edge j} − q·n|. A subject with at
 * most r values in the group moves every score by at most r, so Δ = r.
 */
export interface QuantileResult {
  value: number;
  /**
   * With probability >= confidence, the released edge's rank error |rank − q·n| exceeds the best
   * grid edge's by at most this many values (McSherry–Talwar utility bound, 2Δ/ε·ln(edges/β)).
   * The grid itself adds up to half a bin's mass: use more bins where values are dense.
   */
  rankErrorBound: number;
}

export function quantileFromBins(
  bins: readonly number[],
  options: {
    q: number;
    lower: number;
    upper: number;
    epsilon: number;
    maxRowsPerSubject: number;
    confidence: number;
  },
  rng: RandomSource,
): QuantileResult {
  const epsilon = checkEpsilon(options.epsilon);
  const r = checkPositiveInteger(options.maxRowsPerSubject, 'max rows per group');
  const q = fromNumber(options.q);
  const n = BigInt(bins.reduce((a, b) => a + b, 0));
  const utilities: Rational[] = [];
  let below = 0n;
  for (let j = 0; j <= bins.length; j++) {
    const gap = below * q.den - q.num * n;
    utilities.push(rational(gap < 0n ? gap : -gap, q.den));
    if (j < bins.length) below += BigInt(bins[j]!);
  }
  const index = exponentialMechanism(utilities, { sensitivity: r, epsilon }, rng);
  const step = (options.upper - options.lower) / bins.length;
  const beta = 1 - options.confidence;
  return {
    value: index === bins.length ? options.upper : options.lower + index * step,
    rankErrorBound: ((2 * r) / epsilon) * Math.log(utilities.length / beta),
  };
}
