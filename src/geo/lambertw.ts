/**
 * The lower real branch W_{-1} of the Lambert W function: for x in [-1/e, 0) the solution
 * w <= -1 of w * e^w = x. Planar Laplace needs it to invert its radius CDF exactly.
 */
const BRANCH_POINT = -1 / Math.E;
const MAX_ITERATIONS = 30;

/** Series about the branch point, in p = -sqrt(2(1 + e x)); accurate near x = -1/e. */
function nearBranchGuess(x: number): number {
  const p = -Math.sqrt(Math.max(0, 2 * (1 + Math.E * x)));
  return -1 + p - (p * p) / 3 + (11 / 72) * p * p * p - (43 / 540) * p ** 4;
}

/** Asymptotic expansion for x -> 0-: L1 - L2 + L2/L1 with L1 = ln(-x), L2 = ln(-L1). */
function nearZeroGuess(x: number): number {
  const l1 = Math.log(-x);
  const l2 = Math.log(-l1);
  return l1 - l2 + l2 / l1 + (l2 * (l2 - 2)) / (2 * l1 * l1);
}

/** One Halley step for f(w) = w e^w - x; cubic convergence from a good start. */
function halleyStep(w: number, x: number): number {
  const ew = Math.exp(w);
  const f = w * ew - x;
  const wp1 = w + 1;
  const denominator = ew * wp1 - ((w + 2) * f) / (2 * wp1);
  return w - f / denominator;
}

export function lambertWm1(x: number): number {
  if (Number.isNaN(x) || x < BRANCH_POINT - 1e-15 || x >= 0) {
    throw new RangeError('lambertWm1 is defined on [-1/e, 0)');
  }
  if (x <= BRANCH_POINT) return -1;
  let w = x < -0.25 ? nearBranchGuess(x) : nearZeroGuess(x);
  if (w >= -1) return -1; // x rounds onto the branch point
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const next = halleyStep(w, x);
    if (!Number.isFinite(next) || next > -1) break; // stay on the branch; keep the last good iterate
    const done = Math.abs(next - w) <= 1e-15 * Math.abs(next);
    w = next;
    if (done) break;
  }
  return w;
}
