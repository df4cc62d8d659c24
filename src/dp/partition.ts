import { UsageError } from '../core/errors.js';
import { checkDelta, checkEpsilon, checkPositiveInteger } from './params.js';

/**
 * Partition selection for group keys not known in advance (Korolova et al. 2009; Wilson et al.,
 * "Differentially Private SQL with Bounded User Contribution", 2020): each partition's statistic
 * gets discrete Laplace noise of scale m·r/ε (a subject touches at most m partitions with at most r
 * units each), and a partition is released only if its noisy value reaches a threshold τ. A
 * partition that exists only because of one subject holds at most r units, so it is released with
 * probability m·P(r + Z >= τ) <= δ over all of that subject's partitions.
 */
export interface PartitionThreshold {
  /** Discrete Laplace scale b of the selection noise. */
  scale: number;
  /** Release a partition iff its noisy value >= threshold. */
  threshold: number;
  epsilon: number;
  delta: number;
}

export function partitionThreshold(options: {
  epsilon: number;
  delta: number;
  maxPartitions: number;
  maxContribution: number;
}): PartitionThreshold {
  const epsilon = checkEpsilon(options.epsilon);
  const delta = checkDelta(options.delta);
  if (delta === 0) {
    throw new UsageError('partition selection needs delta > 0', {
      where: 'delta',
      hint: 'give a delta such as 1e-6, or list the group keys in advance (public keys)',
    });
  }
  const m = checkPositiveInteger(options.maxPartitions, 'max groups per subject');
  const r = checkPositiveInteger(options.maxContribution, 'max rows per group');
  const scale = (m * r) / epsilon;
  const p = Math.exp(-1 / scale);
  // P(Z >= k) = p^k / (1 + p) for k >= 1, for discrete Laplace with parameter p.
  const leak = (k: number): number => (m * p ** k) / (1 + p);
  let k = Math.max(1, Math.ceil(Math.log((delta * (1 + p)) / m) / Math.log(p)));
  while (leak(k) > delta) k++; // guard against float rounding in the closed form
  return { scale, threshold: r + k, epsilon, delta };
}
