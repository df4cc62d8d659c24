import type { EncodedTable } from './encode.js';
import type { Classes } from './groupify.js';

/**
 * Utility metrics as defined in ARX (Prasser & Kohlmayer). All are losses: lower is better.
 * - loss (Iyengar 2002): mean over cells of (leaves under the label - 1) / (domain size - 1).
 * - precision (Sweeney 2002): mean over cells of level / (height - 1).
 * - entropy, non-uniform entropy (Gionis & Tassa 2009): sum over cells of -log2(f0(v) / fL(g(v))).
 * - discernibility (Bayardo & Agrawal 2005): sum of |E|^2 over classes, n per suppressed record.
 * - aecs (LeFevre et al. 2006): records / classes, the suppressed records forming one class.
 * A suppressed cell counts as generalized to the top (loss 1, precision 1, entropy -log2(f0/n)).
 */
export type MetricName = 'loss' | 'precision' | 'entropy' | 'discernibility' | 'aecs';
export const METRICS: readonly MetricName[] = ['loss', 'precision', 'entropy', 'discernibility', 'aecs'];

/**
 * Per-cell costs by quasi-identifier, level and generalized code, plus the extra cost of a
 * suppressed cell over an unsuppressed one with the same label. Computed once per table.
 */
export interface CellCosts {
  metric: MetricName;
  /** total[q][level] = sum of the cell cost over all records (no suppression). */
  total: Float64Array[];
  /** suppressExtra[q][level][code] = cost(suppressed cell) - cost(cell with that label). */
  suppressExtra: Float64Array[][];
  /** Normalizer applied to the sum (cells for loss/precision, 1 otherwise). */
  scale: number;
}

export function cellCosts(table: EncodedTable, metric: MetricName): CellCosts {
  const n = table.rows;
  const total: Float64Array[] = [];
  const suppressExtra: Float64Array[][] = [];
  for (const q of table.quasi) {
    const domain = q.labels[0]!.length;
    const perLevelTotal = new Float64Array(q.height);
    const perLevelExtra: Float64Array[] = [];
    for (let level = 0; level < q.height; level++) {
      const cost = labelCost(metric, level, q.height, domain, q.leaves[level]!);
      const extra = Float64Array.from(cost, (c, code) =>
        metric === 'entropy' ? Math.log2(n / q.freq[level]![code]!) : 1 - c,
      );
      perLevelExtra.push(extra);
      perLevelTotal[level] = sumCellCosts(metric, q, level, cost);
    }
    total.push(perLevelTotal);
    suppressExtra.push(perLevelExtra);
  }
  const scale = metric === 'loss' || metric === 'precision' ? n * table.quasi.length : 1;
  return { metric, total, suppressExtra, scale };
}

/** Cost of a cell by its label; for entropy the per-label part log2(fL) (f0 is added per value). */
function labelCost(
  metric: MetricName,
  level: number,
  height: number,
  domain: number,
  leaves: Int32Array,
): Float64Array {
  if (metric === 'loss') return Float64Array.from(leaves, (l) => (domain > 1 ? (l - 1) / (domain - 1) : 0));
  if (metric === 'precision')
    return new Float64Array(leaves.length).fill(height > 1 ? level / (height - 1) : 0);
  return new Float64Array(leaves.length);
}

function sumCellCosts(
  metric: MetricName,
  q: EncodedTable['quasi'][number],
  level: number,
  cost: Float64Array,
): number {
  if (metric === 'discernibility' || metric === 'aecs') return 0;
  const up = q.up[level]!;
  const f0 = q.freq[0]!;
  const fl = q.freq[level]!;
  let sum = 0;
  for (let b = 0; b < f0.length; b++) {
    const g = up[b]!;
    sum += metric === 'entropy' ? f0[b]! * Math.log2(fl[g]! / f0[b]!) : f0[b]! * cost[g]!;
  }
  return sum;
}

/**
 * A lower bound of the metric at a node, valid with any suppression (suppressing a cell never
 * lowers its cost). Discernibility and AECS have no data-free bound here; they return 0.
 */
export function lowerBound(costs: CellCosts, levels: ArrayLike<number>): number {
  return generalizationSum(costs, levels) / costs.scale;
}

function generalizationSum(costs: CellCosts, levels: ArrayLike<number>): number {
  let sum = 0;
  costs.total.forEach((perLevel, q) => (sum += perLevel[levels[q]!]!));
  return sum;
}

/** The metric at a node whose classes and failing (suppressed) classes are known. */
export function metricValue(
  table: EncodedTable,
  costs: CellCosts,
  classes: Classes,
  failing: Uint8Array,
): number {
  const n = table.rows;
  if (costs.metric === 'discernibility' || costs.metric === 'aecs') {
    let dm = 0;
    let kept = 0;
    let suppressed = 0;
    for (let c = 0; c < classes.count; c++) {
      const size = classes.size[c]!;
      if (failing[c]) suppressed += size;
      else {
        dm += size * size;
        kept += 1;
      }
    }
    if (costs.metric === 'aecs') return n / (kept + (suppressed > 0 ? 1 : 0));
    return dm + suppressed * n;
  }
  // Same summation order as lowerBound, so value >= bound holds exactly in floating point.
  let suppressedSum = 0;
  for (let c = 0; c < classes.count; c++) {
    if (!failing[c]) continue;
    const rep = classes.rep[c]!;
    let extra = 0;
    table.quasi.forEach((q, i) => {
      const level = classes.levels[i]!;
      extra += costs.suppressExtra[i]![level]![q.up[level]![table.codes[i]![rep]!]!]!;
    });
    suppressedSum += classes.size[c]! * extra;
  }
  return (generalizationSum(costs, classes.levels) + suppressedSum) / costs.scale;
}
