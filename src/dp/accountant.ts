import { UsageError } from '../core/errors.js';
import { checkDelta, checkEpsilon, checkRho } from './params.js';

/**
 * Privacy accounting with explicit measures (the OpenDP model): a cost is stated in the measure
 * the mechanism satisfies, and composition and conversion are named functions with their theorems.
 * These are bounds on privacy loss; they are computed in floating point but only ever rounded in
 * the conservative direction where that matters (see `roundUp`).
 */

/** (ε, δ)-DP. Pure ε-DP is δ = 0. */
export interface ApproxDp {
  epsilon: number;
  delta: number;
}

/** Nudges a computed bound up by a few ulps so floating-point rounding never understates a cost. */
export function roundUp(x: number): number {
  return x === 0 ? 0 : x * (1 + 4 * Number.EPSILON);
}

/** Basic (sequential) composition: ε and δ add up (Dwork & Roth, Thm 3.16). */
export function basicComposition(costs: ApproxDp[]): ApproxDp {
  let epsilon = 0;
  let delta = 0;
  for (const c of costs) {
    epsilon += c.epsilon;
    delta += c.delta;
  }
  return { epsilon: roundUp(epsilon), delta: roundUp(delta) };
}

/**
 * Advanced composition of k mechanisms, each (ε, δ)-DP (Dwork, Rothblum, Vadhan 2010; Dwork &
 * Roth Thm 3.20): for any slack δ' > 0 the composition is
 * (ε·sqrt(2k·ln(1/δ')) + k·ε·(e^ε − 1), k·δ + δ')-DP.
 */
export function advancedComposition(each: ApproxDp, k: number, deltaSlack: number): ApproxDp {
  checkEpsilon(each.epsilon);
  checkDelta(each.delta);
  if (!Number.isSafeInteger(k) || k < 1) throw new UsageError('k must be a positive integer', { where: 'k' });
  if (!(deltaSlack > 0 && deltaSlack < 1))
    throw new UsageError('delta slack must be in (0, 1)', { where: 'deltaSlack' });
  const e = each.epsilon;
  const epsilon = e * Math.sqrt(2 * k * Math.log(1 / deltaSlack)) + k * e * Math.expm1(e);
  return { epsilon: roundUp(epsilon), delta: roundUp(k * each.delta + deltaSlack) };
}

/** The better of basic and advanced composition for k identical mechanisms. */
export function bestHomogeneousComposition(each: ApproxDp, k: number, deltaSlack: number): ApproxDp {
  const basic = basicComposition(Array.from({ length: k }, () => each));
  const advanced = advancedComposition(each, k, deltaSlack);
  return advanced.epsilon < basic.epsilon ? advanced : basic;
}

/** zCDP composes additively in ρ (Bun & Steinke 2016, Lemma 2.3). */
export function zcdpComposition(rhos: number[]): number {
  return roundUp(rhos.reduce((a, r) => a + r, 0));
}

/** ε-DP implies (ε²/2)-zCDP (Bun & Steinke 2016, Prop 1.4). */
export function pureToZcdp(epsilon: number): number {
  return roundUp((checkEpsilon(epsilon) * epsilon) / 2);
}

/** ρ-zCDP implies (ρ + 2·sqrt(ρ·ln(1/δ)), δ)-DP (Bun & Steinke 2016, Prop 1.3). */
export function zcdpToApproxDpBunSteinke(rho: number, delta: number): ApproxDp {
  checkRho(rho);
  checkPositiveDelta(delta);
  return { epsilon: roundUp(rho + 2 * Math.sqrt(rho * Math.log(1 / delta))), delta };
}

/**
 * δ for a given ε and Rényi order α > 1 under ρ-zCDP (Canonne, Kamath, Steinke 2020, Prop 12 /
 * Cor 13): δ = exp((α−1)(αρ−ε) + α·ln(1−1/α)) / (α−1). Any α gives a valid bound.
 */
export function zcdpDeltaAtOrder(rho: number, epsilon: number, alpha: number): number {
  return Math.min(
    1,
    Math.exp((alpha - 1) * (alpha * rho - epsilon) + alpha * Math.log1p(-1 / alpha)) / (alpha - 1),
  );
}

/** ε for a given δ and α, solving the CKS bound for ε. */
function epsilonAtOrder(rho: number, delta: number, alpha: number): number {
  return (
    alpha * rho + (-Math.log(delta) + alpha * Math.log1p(-1 / alpha) - Math.log(alpha - 1)) / (alpha - 1)
  );
}

/**
 * The tighter conversion of CKS 2020: the smallest ε over Rényi orders α (golden-section search on
 * a convex function of log α). Never larger than Bun–Steinke, which is returned if it is smaller.
 */
export function zcdpToApproxDp(rho: number, delta: number): ApproxDp {
  checkRho(rho);
  checkPositiveDelta(delta);
  const f = (logAlpha: number): number => epsilonAtOrder(rho, delta, 1 + Math.exp(logAlpha));
  let lo = Math.log(1e-6);
  let hi = Math.log(1e6 + 1 / rho);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 200; i++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (f(a) < f(b)) hi = b;
    else lo = a;
  }
  const tight = f((lo + hi) / 2);
  const standard = zcdpToApproxDpBunSteinke(rho, delta).epsilon;
  return { epsilon: roundUp(Math.min(tight, standard)), delta };
}

/** The largest ρ whose conversion stays within (ε, δ): for calibrating Gaussian noise to an (ε, δ) target. */
export function rhoForApproxDp(target: ApproxDp): number {
  checkEpsilon(target.epsilon);
  checkPositiveDelta(target.delta);
  let lo = 0;
  let hi = target.epsilon + 1;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid > 0 && zcdpToApproxDp(mid, target.delta).epsilon <= target.epsilon) lo = mid;
    else hi = mid;
  }
  return lo;
}

function checkPositiveDelta(delta: number): void {
  checkDelta(delta);
  if (delta === 0)
    throw new UsageError('this conversion needs delta > 0', { where: 'delta', hint: 'e.g. 1e-6' });
}
