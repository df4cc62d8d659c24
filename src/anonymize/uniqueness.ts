import { digamma, logChoose, logGamma } from './gamma.js';

/**
 * Population uniqueness estimators from a sample's equivalence-class sizes, after Dankar, El Emam,
 * Neisa & Roffey, "Estimating the re-identification risk of clinical data sets", BMC Medical
 * Informatics and Decision Making 12:66 (2012), as implemented in ARX. Notation: n records in the
 * sample, N in the population, π = n/N, u classes, c_i classes of size i. Each returns the
 * estimated number of population uniques, or null when the model cannot be fitted.
 */
export interface SampleClasses {
  /** sizes.get(i) = c_i, the number of classes of size i. */
  sizes: Map<number, number>;
  records: number;
  classes: number;
}

export function summarizeClasses(classSizes: Iterable<number>): SampleClasses {
  const sizes = new Map<number, number>();
  let records = 0;
  let classes = 0;
  for (const s of classSizes) {
    sizes.set(s, (sizes.get(s) ?? 0) + 1);
    records += s;
    classes += 1;
  }
  return { sizes, records, classes };
}

/**
 * Zayatz (1991): P(population unique | sample unique) =
 * (c_1/u)·P(1|1) / Σ_i (c_i/u)·P(1|i), P(1|i) = i·C(N−i, n−1)/C(N, n) (hypergeometric);
 * uniques = c_1 · P / π.
 */
export function zayatz(sample: SampleClasses, population: number): number | null {
  const { records: n, classes: u } = sample;
  const c1 = sample.sizes.get(1) ?? 0;
  if (c1 === 0) return 0;
  const pOneGiven = (i: number) =>
    population - i < n - 1 ? 0 : i * Math.exp(logChoose(population - i, n - 1) - logChoose(population, n));
  let denominator = 0;
  for (const [size, count] of sample.sizes) denominator += (count / u) * pOneGiven(size);
  if (!(denominator > 0)) return null;
  const conditional = ((c1 / u) * pOneGiven(1)) / denominator;
  return (c1 * conditional) / (n / population);
}

/**
 * Pitman (Hoshino 2001): fit the Pitman sampling formula's (θ, α) by maximum likelihood,
 * ℓ = Σ_{i<u} ln(θ+iα) − ln((θ+1)_{n−1}) + Σ_j Σ_{m<n_j} ln(m−α), then the expected number of
 * singletons among N draws, N·(θ+α)_{N−1}/(θ+1)_{N−1} (≈ Γ(θ+1)/Γ(θ+α)·N^α).
 */
export function pitman(sample: SampleClasses, population: number): number | null {
  const fit = fitPitman(sample);
  if (!fit) return null;
  const { theta, alpha } = fit;
  const N = population;
  const log =
    Math.log(N) +
    logGamma(theta + alpha + N - 1) +
    logGamma(theta + 1) -
    logGamma(theta + alpha) -
    logGamma(theta + N);
  const uniques = Math.exp(log);
  return Number.isFinite(uniques) ? Math.min(uniques, N) : null;
}

export function fitPitman(sample: SampleClasses): { theta: number; alpha: number } | null {
  const { records: n, classes: u } = sample;
  if (u < 2 || u >= n) return null;
  // greaterThan[m] = classes with size > m, for the Σ_j Σ_{m<n_j} ln(m−α) term.
  const maxSize = Math.max(...sample.sizes.keys());
  const greaterThan = new Float64Array(maxSize + 1);
  for (const [size, count] of sample.sizes) for (let m = 1; m < size; m++) greaterThan[m]! += count;
  const sizeTerm = (alpha: number) => {
    let s = 0;
    for (let m = 1; m < maxSize; m++) if (greaterThan[m]) s += greaterThan[m]! * Math.log(m - alpha);
    return s;
  };
  const clusterSum = (theta: number, alpha: number) =>
    alpha === 0
      ? (u - 1) * Math.log(theta)
      : (u - 1) * Math.log(alpha) + logGamma(theta / alpha + u) - logGamma(theta / alpha + 1);
  const logLik = (theta: number, alpha: number) =>
    clusterSum(theta, alpha) - (logGamma(theta + n) - logGamma(theta + 1)) + sizeTerm(alpha);
  const bestTheta = (alpha: number) => solveTheta(alpha, u, n);
  const profile = (alpha: number) => {
    const theta = bestTheta(alpha);
    return theta === null ? -Infinity : logLik(theta, alpha);
  };
  const alpha = goldenMax(profile, 0, 1 - 1e-6);
  const theta = bestTheta(alpha);
  return theta === null || !Number.isFinite(profile(alpha)) ? null : { theta, alpha };
}

/** Root of ∂ℓ/∂θ = Σ_{i<u} 1/(θ+iα) − (ψ(θ+n) − ψ(θ+1)) over θ > −α, by bisection in log space. */
function solveTheta(alpha: number, u: number, n: number): number | null {
  const derivative = (theta: number) => {
    const clusters =
      alpha === 0 ? (u - 1) / theta : (digamma(theta / alpha + u) - digamma(theta / alpha + 1)) / alpha;
    return clusters - (digamma(theta + n) - digamma(theta + 1));
  };
  const at = (t: number) => -alpha + Math.exp(t) + (alpha === 0 ? 0 : 0);
  let low = -30;
  let high = 30;
  if (derivative(at(high)) > 0 || derivative(at(low)) < 0) return null;
  for (let i = 0; i < 100; i++) {
    const mid = (low + high) / 2;
    if (derivative(at(mid)) > 0) low = mid;
    else high = mid;
  }
  return at((low + high) / 2);
}

function goldenMax(f: (x: number) => number, a: number, b: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let x1 = b - r * (b - a);
  let x2 = a + r * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let i = 0; i < 80; i++) {
    if (f1 < f2) {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + r * (b - a);
      f2 = f(x2);
    } else {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - r * (b - a);
      f1 = f(x1);
    }
  }
  return (a + b) / 2;
}

/**
 * SNB, slide negative binomial (Chen & McNulty 1998): population class sizes F with
 * F − 1 ~ NegBin(α, β). Under Bernoulli sampling with fraction π, with d = (1−π)(1−β), w = 1 − d:
 *   E[c_1] = K·π·(β/w)^α·(1 + α·d/w)
 *   E[c_2] = K·(π²/2)·α·(1−β)·β^α·(2 − (1−α)·d) / w^(α+2)
 * K, the number of non-empty population classes, is estimated with Shlosser's estimator
 * (Haas et al. 1995): K = u + c_1·Σ_i (1−π)^i c_i / Σ_i i·π·(1−π)^(i−1) c_i. The two equations are
 * solved for (α, β) by Newton's method; uniques = K·β^α.
 */
export function snb(sample: SampleClasses, population: number): number | null {
  const f = sample.records / population;
  const c1 = sample.sizes.get(1) ?? 0;
  const c2 = sample.sizes.get(2) ?? 0;
  if (f >= 1) return c1;
  if (c1 === 0 || c2 === 0) return null;
  const K = shlosser(sample, f);
  const residual = (alpha: number, beta: number): [number, number] => {
    const d = (1 - f) * (1 - beta);
    const w = 1 - d;
    const e1 = K * f * Math.pow(beta / w, alpha) * (1 + (alpha * d) / w);
    const e2 =
      (K * (f * f) * 0.5 * alpha * (1 - beta) * Math.pow(beta, alpha) * (2 - (1 - alpha) * d)) /
      Math.pow(w, alpha + 2);
    return [e1 / c1 - 1, e2 / c2 - 1];
  };
  const solution = newton2(residual);
  if (!solution) return null;
  const uniques = K * Math.pow(solution[1], solution[0]);
  return Number.isFinite(uniques) ? uniques : null;
}

function shlosser(sample: SampleClasses, f: number): number {
  let numerator = 0;
  let denominator = 0;
  for (const [i, count] of sample.sizes) {
    numerator += Math.pow(1 - f, i) * count;
    denominator += i * f * Math.pow(1 - f, i - 1) * count;
  }
  return sample.classes + ((sample.sizes.get(1) ?? 0) * numerator) / denominator;
}

/**
 * Newton's method on (ln α, logit β) with a numeric Jacobian, from a fixed grid of starting
 * points (deterministic; ARX starts from random points).
 */
function newton2(residual: (alpha: number, beta: number) => [number, number]): [number, number] | null {
  const fromVars = (x: number, y: number): [number, number] => [Math.exp(x), 1 / (1 + Math.exp(-y))];
  const r = (x: number, y: number) => residual(...fromVars(x, y));
  for (const x0 of [-2, 0, 2]) {
    for (const y0 of [-4, -1, 2]) {
      let x = x0;
      let y = y0;
      for (let iter = 0; iter < 200; iter++) {
        const [f1, f2] = r(x, y);
        if (!Number.isFinite(f1) || !Number.isFinite(f2)) break;
        if (Math.abs(f1) < 1e-10 && Math.abs(f2) < 1e-10) return fromVars(x, y);
        const h = 1e-7;
        const [a1, a2] = r(x + h, y);
        const [b1, b2] = r(x, y + h);
        const j11 = (a1 - f1) / h;
        const j21 = (a2 - f2) / h;
        const j12 = (b1 - f1) / h;
        const j22 = (b2 - f2) / h;
        const det = j11 * j22 - j12 * j21;
        if (!Number.isFinite(det) || det === 0) break;
        const dx = (f1 * j22 - f2 * j12) / det;
        const dy = (j11 * f2 - j21 * f1) / det;
        const step = Math.min(1, 2 / Math.max(Math.abs(dx), Math.abs(dy)));
        x -= step * dx;
        y -= step * dy;
      }
    }
  }
  return null;
}
