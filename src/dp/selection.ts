import { bernoulliExpNegBig, uniformBelow } from './bernoulli.js';
import { checkEpsilon, checkSensitivity } from './params.js';
import type { RandomSource } from './random.js';
import { div, fromNumber, mul, rational, sub, type Rational } from './rational.js';
import { discreteLaplaceSampler } from './samplers.js';

/**
 * The exponential mechanism (McSherry & Talwar 2007): picks candidate i with probability
 * ∝ exp(ε·u_i / 2Δ), which is ε-DP when each utility has sensitivity Δ. Sampled exactly by
 * rejection: propose i uniformly, accept with probability exp(−ε(u* − u_i)/2Δ) <= 1, so accepted
 * draws have exactly the target distribution. Expected proposals <= number of candidates.
 */
export function exponentialMechanism(
  utilities: readonly (number | Rational)[],
  options: { sensitivity: number; epsilon: number },
  rng: RandomSource,
): number {
  if (utilities.length === 0) throw new RangeError('exponential mechanism needs at least one candidate');
  const epsilon = fromNumber(checkEpsilon(options.epsilon));
  const factor = div(epsilon, mul(rational(2n), fromNumber(checkSensitivity(options.sensitivity))));
  const scores = utilities.map((u) => (typeof u === 'number' ? fromNumber(u) : u));
  const best = scores.reduce((m, u) => (u.num * m.den > m.num * u.den ? u : m));
  const gammas = scores.map((u) => mul(factor, sub(best, u)));
  for (;;) {
    const i = uniformBelow(rng, gammas.length);
    const gamma = gammas[i]!;
    if (bernoulliExpNegBig(rng, gamma.num, gamma.den)) return i;
  }
}

/**
 * Report noisy max: adds discrete Laplace noise of scale 2Δ/ε to each integer score and returns
 * the index of the largest (ties broken uniformly at random). ε-DP for scores of sensitivity Δ
 * (Dwork & Roth, Claim 3.9, whose argument carries over to the two-sided geometric distribution).
 */
export function reportNoisyMax(
  scores: readonly bigint[],
  options: { sensitivity: number; epsilon: number },
  rng: RandomSource,
): number {
  if (scores.length === 0) throw new RangeError('report noisy max needs at least one candidate');
  const scale = div(
    mul(rational(2n), fromNumber(checkSensitivity(options.sensitivity))),
    fromNumber(checkEpsilon(options.epsilon)),
  );
  const sample = discreteLaplaceSampler(scale);
  let best: number[] = [];
  let bestValue: bigint | undefined;
  scores.forEach((s, i) => {
    const noisy = s + sample(rng);
    if (bestValue === undefined || noisy > bestValue) {
      bestValue = noisy;
      best = [i];
    } else if (noisy === bestValue) best.push(i);
  });
  return best[uniformBelow(rng, best.length)]!;
}
