/**
 * Confidence half-widths from the exact noise distributions, so "value ± h" covers the noiseless
 * answer with at least the stated probability. Clamping and contribution bounding can bias the
 * answer; these intervals describe the noise only.
 */

function checkConfidence(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError('confidence must be in (0, 1)');
  return 1 - confidence;
}

/**
 * Discrete Laplace with scale b: P(|Z| > m) = 2·p^(m+1)/(1+p), p = e^(−1/b). Returns the smallest
 * integer m with P(|Z| > m) <= 1 − confidence.
 */
export function discreteLaplaceHalfWidth(scale: number, confidence: number): number {
  const alpha = checkConfidence(confidence);
  const p = Math.exp(-1 / scale);
  const tail = (m: number): number => (2 * p ** (m + 1)) / (1 + p);
  let m = Math.max(0, Math.ceil(Math.log((alpha * (1 + p)) / 2) / Math.log(p)) - 1);
  while (m > 0 && tail(m - 1) <= alpha) m--; // float guard in both directions
  while (tail(m) > alpha) m++;
  return m;
}

/** Discrete Gaussian with parameter σ²: the smallest m with P(|Z| > m) <= 1 − confidence, by summing the pmf. */
export function discreteGaussianHalfWidth(sigma2: number, confidence: number): number {
  const alpha = checkConfidence(confidence);
  const radius = Math.ceil(Math.sqrt(sigma2) * 40) + 10;
  const weight = (x: number): number => Math.exp(-(x * x) / (2 * sigma2));
  let norm = weight(0);
  for (let x = 1; x <= radius; x++) norm += 2 * weight(x);
  let inside = weight(0) / norm;
  let m = 0;
  while (1 - inside > alpha && m < radius) {
    m++;
    inside += (2 * weight(m)) / norm;
  }
  return m;
}
