import type { ApproxDp } from './accountant.js';
import { discreteGaussianHalfWidth, discreteLaplaceHalfWidth } from './intervals.js';
import { checkEpsilon, checkRho, checkSensitivity } from './params.js';
import type { RandomSource } from './random.js';
import { div, fromNumber, mul, rational, roundUpForSampling, toNumber, type Rational } from './rational.js';
import { discreteGaussianSampler, discreteLaplaceSampler } from './samplers.js';

/**
 * Additive noise mechanisms on integers. Every query is first made integer-valued (counts are;
 * real values go through the 2^k grid of `grid.ts`), so the noise is exact discrete noise and the
 * stated guarantee holds with no floating-point caveat.
 */
export interface IntegerMechanism {
  name: 'discrete-laplace' | 'discrete-gaussian';
  /** The guarantee, for an integer query whose L1 (Laplace) or L2 (Gaussian) sensitivity is `sensitivity`. */
  cost: ApproxDp | { rho: number };
  sensitivity: number;
  /** Noise scale: b for Laplace (P ∝ e^(−|x|/b)), σ for Gaussian; for reporting. */
  scale: number;
  release(value: bigint, rng: RandomSource): bigint;
  /** Half-width of the noise-only confidence interval, in query units. */
  halfWidth(confidence: number): number;
}

/**
 * The Laplace mechanism on integers (the geometric mechanism of Ghosh, Roughgarden, Sundararajan):
 * discrete Laplace noise of scale Δ/ε gives ε-DP for an integer query of L1 sensitivity Δ. The scale
 * is only ever rounded up (more noise), so the ε stated is an upper bound.
 */
export function laplaceMechanism(options: { sensitivity: number; epsilon: number }): IntegerMechanism {
  const epsilon = checkEpsilon(options.epsilon);
  const sensitivity = checkSensitivity(options.sensitivity);
  const scale = roundUpForSampling(div(fromNumber(sensitivity), fromNumber(epsilon)));
  const sample = discreteLaplaceSampler(scale);
  const b = toNumber(scale);
  return {
    name: 'discrete-laplace',
    cost: { epsilon, delta: 0 },
    sensitivity,
    scale: b,
    release: (value, rng) => value + sample(rng),
    halfWidth: (confidence) => discreteLaplaceHalfWidth(b, confidence),
  };
}

/** The geometric mechanism is the discrete Laplace mechanism under another name. */
export const geometricMechanism = laplaceMechanism;

/**
 * The discrete Gaussian mechanism (CKS 2020, Thm 14): noise with σ² = Δ²/(2ρ) gives ρ-zCDP for an
 * integer query of L2 sensitivity Δ. Convert to (ε, δ) with `zcdpToApproxDp`.
 */
export function gaussianMechanism(options: { sensitivity: number; rho: number }): IntegerMechanism {
  const rho = checkRho(options.rho);
  const sensitivity = checkSensitivity(options.sensitivity);
  const delta2 = mul(fromNumber(sensitivity), fromNumber(sensitivity));
  const sigma2: Rational = div(delta2, mul(rational(2n), fromNumber(rho)));
  const sample = discreteGaussianSampler(sigma2);
  const s2 = toNumber(sigma2);
  return {
    name: 'discrete-gaussian',
    cost: { rho },
    sensitivity,
    scale: Math.sqrt(s2),
    release: (value, rng) => value + sample(rng),
    halfWidth: (confidence) => discreteGaussianHalfWidth(s2, confidence),
  };
}
