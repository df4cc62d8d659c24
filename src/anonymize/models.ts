import { UsageError } from '../core/errors.js';
import type { EncodedSensitive, EncodedTable } from './encode.js';
import type { Classes } from './groupify.js';

/** Privacy models; several can be combined (a class must satisfy all of them). */
export type PrivacyModel =
  | { kind: 'k-anonymity'; k: number }
  | { kind: 'distinct-l-diversity'; attribute: string; l: number }
  | { kind: 'entropy-l-diversity'; attribute: string; l: number }
  | { kind: 'recursive-cl-diversity'; attribute: string; c: number; l: number }
  | { kind: 't-closeness'; attribute: string; t: number; distance: 'equal' | 'hierarchical' };

/**
 * Whether "records in failing classes <= limit" is monotone over the lattice. Merging classes
 * keeps k-anonymity and distinct l-diversity of every record's class, so these stay monotone with
 * suppression. Entropy and recursive l-diversity and t-closeness are monotone only when nothing is
 * suppressed: a passing class merged with a failing one can fail (Machanavajjhala et al. 2007;
 * Li et al. 2007; ARX documents the same), so the search must not prune by them with suppression.
 */
export function isMonotone(models: readonly PrivacyModel[], suppressionLimit: number): boolean {
  if (suppressionLimit === 0) return true;
  return models.every((m) => m.kind === 'k-anonymity' || m.kind === 'distinct-l-diversity');
}

/** Validates parameters against the data before any work starts. */
export function validateModels(models: readonly PrivacyModel[], table: EncodedTable): void {
  if (models.length === 0)
    throw new UsageError('no privacy model configured', { hint: 'e.g. models: [{ k-anonymity: 5 }]' });
  models.forEach((m, i) => {
    const where = `models[${i}]`;
    if (m.kind === 'k-anonymity') {
      if (!Number.isInteger(m.k) || m.k < 1) throw new UsageError('k must be a positive integer', { where });
      if (m.k > table.rows) {
        throw new UsageError(`k = ${m.k} is larger than the number of records (${table.rows})`, {
          where,
          hint: 'choose k at most the row count',
        });
      }
      return;
    }
    const s = table.sensitive.find((x) => x.name === m.attribute);
    if (!s)
      throw new UsageError(`model refers to ${m.attribute}, which is not a sensitive attribute`, { where });
    if (m.kind === 't-closeness') {
      if (!(m.t >= 0 && m.t <= 1)) throw new UsageError('t must be between 0 and 1', { where });
      if (m.distance === 'hierarchical' && s.up.length < 2) {
        throw new UsageError(`hierarchical t-closeness needs a hierarchy for ${m.attribute}`, { where });
      }
    } else if (!(m.l >= 1) || (m.kind !== 'entropy-l-diversity' && !Number.isInteger(m.l))) {
      throw new UsageError('l must be at least 1 (an integer for distinct and recursive l-diversity)', {
        where,
      });
    } else if (m.kind === 'recursive-cl-diversity' && !(m.c > 0)) {
      throw new UsageError('c must be positive', { where });
    }
  });
}

/**
 * The smallest class size any model can accept. With C classes and classes of size >= k needed,
 * at least (C - n/k) * k/(k-1) records are suppressed, so a node with more than
 * n/k + limit*(k-1)/k classes cannot qualify and its group-by can stop early.
 */
export function maxQualifyingClasses(
  models: readonly PrivacyModel[],
  rows: number,
  maxSuppressed: number,
): number {
  const k = Math.max(
    1,
    ...models.map((m) => (m.kind === 'k-anonymity' ? m.k : m.kind === 't-closeness' ? 1 : Math.ceil(m.l))),
  );
  if (k < 2) return Infinity;
  return Math.floor(rows / k + (maxSuppressed * (k - 1)) / k + 1e-9);
}

export function needsHistograms(models: readonly PrivacyModel[]): boolean {
  return models.some((m) => m.kind !== 'k-anonymity');
}

/** failing[class] = 1 when the class violates any model; returns the suppressed record count. */
export function checkClasses(table: EncodedTable, classes: Classes, models: readonly PrivacyModel[]) {
  const failing = new Uint8Array(classes.count);
  let suppressed = 0;
  if (models.every((m) => m.kind === 'k-anonymity')) {
    // Only class sizes matter: one pass without per-class closures.
    const k = Math.max(...models.map((m) => (m.kind === 'k-anonymity' ? m.k : 0)));
    const size = classes.size;
    for (let c = 0; c < classes.count; c++) {
      if (size[c]! < k) {
        failing[c] = 1;
        suppressed += size[c]!;
      }
    }
    return { failing, suppressed };
  }
  for (let c = 0; c < classes.count; c++) {
    if (!models.every((m) => classPasses(table, classes, c, m))) {
      failing[c] = 1;
      suppressed += classes.size[c]!;
    }
  }
  return { failing, suppressed };
}

function classPasses(table: EncodedTable, classes: Classes, c: number, m: PrivacyModel): boolean {
  if (m.kind === 'k-anonymity') return classes.size[c]! >= m.k;
  const index = table.sensitive.findIndex((s) => s.name === m.attribute);
  const hist = classes.hist![index]![c]!;
  const size = classes.size[c]!;
  switch (m.kind) {
    case 'distinct-l-diversity':
      return hist.size >= m.l;
    case 'entropy-l-diversity':
      return entropy(hist, size) >= Math.log(m.l) - 1e-12;
    case 'recursive-cl-diversity':
      return recursiveDiverse(hist, m.c, m.l);
    case 't-closeness':
      return closeness(table.sensitive[index]!, hist, size, m.distance) <= m.t + 1e-12;
  }
}

function entropy(hist: Map<number, number>, size: number): number {
  let h = 0;
  for (const n of hist.values()) h -= (n / size) * Math.log(n / size);
  return h;
}

/** r1 < c (r_l + ... + r_m) with counts sorted descending (Machanavajjhala et al. 2007). */
function recursiveDiverse(hist: Map<number, number>, c: number, l: number): boolean {
  if (hist.size < l) return false;
  const counts = [...hist.values()].sort((a, b) => b - a);
  const tail = counts.slice(l - 1).reduce((a, b) => a + b, 0);
  return counts[0]! < c * tail;
}

/** Earth mover's distance between the class's and the whole table's sensitive distribution. */
export function closeness(
  s: EncodedSensitive,
  hist: Map<number, number>,
  size: number,
  distance: 'equal' | 'hierarchical',
): number {
  const diff = Float64Array.from(s.global, (q) => -q);
  for (const [code, n] of hist) diff[code]! += n / size;
  if (distance === 'equal') return diff.reduce((a, d) => a + Math.abs(d), 0) / 2;
  return hierarchicalDistance(s, diff);
}

/**
 * Hierarchical EMD (Li, Li, Venkatasubramanian 2007): each subtree moves its surplus up; the
 * cost at a node of level i is (i / H) * min(positive, negative surplus of its children).
 */
function hierarchicalDistance(s: EncodedSensitive, leafDiff: Float64Array): number {
  const H = s.up.length - 1;
  let childCodes = s.up[0]!;
  let childDiff = leafDiff;
  let total = 0;
  for (let level = 1; level <= H; level++) {
    const up = s.up[level]!;
    const width = Math.max(...up) + 1;
    const pos = new Float64Array(width);
    const neg = new Float64Array(width);
    const seen = new Set<number>();
    const parentDiff = new Float64Array(width);
    childCodes.forEach((childCode, leaf) => {
      if (seen.has(childCode)) return;
      seen.add(childCode);
      const parent = up[leaf]!;
      const d = childDiff[childCode]!;
      if (d > 0) pos[parent]! += d;
      else neg[parent]! -= d;
      parentDiff[parent]! += d;
    });
    for (let p = 0; p < width; p++) total += (level / H) * Math.min(pos[p]!, neg[p]!);
    childCodes = up;
    childDiff = parentDiff;
  }
  return total;
}
