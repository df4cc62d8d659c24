/** Small statistics helpers for the sampler tests. */

/** Chi-square statistic of observed counts against expected probabilities (same length, summing to 1). */
export function chiSquare(observed: number[], probabilities: number[]): { statistic: number; df: number } {
  const n = observed.reduce((a, b) => a + b, 0);
  let statistic = 0;
  observed.forEach((o, i) => {
    const e = n * probabilities[i]!;
    statistic += ((o - e) * (o - e)) / e;
  });
  return { statistic, df: observed.length - 1 };
}

/** Upper quantile of chi-square(df) at z standard deviations (Wilson–Hilferty approximation). */
export function chiSquareCritical(df: number, z = 3.29): number {
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

/**
 * Bins integer samples into [-k, k] plus two tails, where k is chosen so every bin expects >= 20
 * samples; returns observed counts and model probabilities for the same bins.
 */
export function binIntegers(
  samples: number[],
  pmf: (x: number) => number,
): { observed: number[]; probs: number[] } {
  const n = samples.length;
  let k = 0;
  while (n * pmf(k + 1) >= 20) k++;
  const observed = new Array<number>(2 * k + 3).fill(0);
  for (const x of samples) {
    const index = x < -k ? 0 : x > k ? 2 * k + 2 : x + k + 1;
    observed[index]!++;
  }
  const probs = new Array<number>(2 * k + 3).fill(0);
  let inner = 0;
  for (let x = -k; x <= k; x++) {
    probs[x + k + 1] = pmf(x);
    inner += pmf(x);
  }
  probs[0] = probs[2 * k + 2] = (1 - inner) / 2; // both model distributions are symmetric
  return { observed, probs };
}

export function discreteLaplacePmf(scale: number): (x: number) => number {
  const p = Math.exp(-1 / scale);
  return (x) => ((1 - p) / (1 + p)) * p ** Math.abs(x);
}

export function discreteGaussianPmf(sigma2: number): (x: number) => number {
  const radius = Math.ceil(Math.sqrt(sigma2) * 40) + 10;
  let norm = 0;
  for (let x = -radius; x <= radius; x++) norm += Math.exp(-(x * x) / (2 * sigma2));
  return (x) => Math.exp(-(x * x) / (2 * sigma2)) / norm;
}
