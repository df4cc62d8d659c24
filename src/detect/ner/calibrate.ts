/** Platt scaling of span probabilities: score = sigmoid(a * logit(p) + b), fit by Newton's method. */
export interface Platt {
  a: number;
  b: number;
}

export function logit(p: number): number {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
}

export function applyPlatt(c: Platt, p: number): number {
  const z = c.a * logit(p) + c.b;
  return 1 / (1 + Math.exp(-z));
}

/** Smoothed-target log-loss of Platt parameters (a, b) on raw probabilities p with labels y. */
function plattLoss(x: readonly number[], t: readonly number[], a: number, b: number): number {
  let s = 0;
  x.forEach((xi, i) => {
    const z = a * xi + b;
    // log(1 + e^z) computed stably
    const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    s += softplus - (t[i] as number) * z;
  });
  return s;
}

/** Fit (a, b) minimising log-loss of labels y given raw probabilities p (Platt's smoothed targets), damped Newton. */
export function fitPlatt(p: readonly number[], y: readonly boolean[]): Platt {
  const pos = y.filter(Boolean).length;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (y.length - pos + 2);
  const x = p.map(logit);
  const t = y.map((v) => (v ? hi : lo));
  let a = 1;
  let b = 0;
  let loss = plattLoss(x, t, a, b);
  for (let iter = 0; iter < 200; iter++) {
    let ga = 0,
      gb = 0,
      haa = 1e-9,
      hab = 0,
      hbb = 1e-9;
    x.forEach((xi, i) => {
      const q = 1 / (1 + Math.exp(-(a * xi + b)));
      const d = q - (t[i] as number);
      const w = q * (1 - q);
      ga += d * xi;
      gb += d;
      haa += w * xi * xi;
      hab += w * xi;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    while (step > 1e-8 && !(plattLoss(x, t, a - step * da, b - step * db) <= loss)) step /= 2;
    if (step <= 1e-8) break;
    a -= step * da;
    b -= step * db;
    const next = plattLoss(x, t, a, b);
    if (loss - next < 1e-12) break;
    loss = next;
  }
  return { a, b };
}

export function logLoss(scores: readonly number[], y: readonly boolean[]): number {
  let s = 0;
  scores.forEach((q, i) => {
    const c = Math.min(1 - 1e-12, Math.max(1e-12, q));
    s -= y[i] ? Math.log(c) : Math.log(1 - c);
  });
  return s / Math.max(1, scores.length);
}
