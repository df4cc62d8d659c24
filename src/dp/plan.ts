import { UsageError } from '../core/errors.js';
import type { ApproxDp } from './accountant.js';
import { defaultGranularity } from './grid.js';
import { laplaceMechanism, type IntegerMechanism } from './mechanisms.js';
import { partitionThreshold, type PartitionThreshold } from './partition.js';
import type { DpQuerySpec } from './spec.js';

/**
 * How a query spends its budget. Neighbouring datasets differ by all rows of one subject; after
 * contribution bounding a subject touches at most m groups with at most r rows each, and each
 * row's value is clamped and snapped to a grid integer in [lo, hi]. Every measurement's L1
 * sensitivity follows from (m, r, lo, hi), and the ε shares add up to the spec's ε (basic
 * composition); δ is spent only by partition selection.
 */
export interface GridBounds {
  /** Grid exponent: a grid integer n stands for n·2^k. */
  k: number;
  lo: number;
  hi: number;
}

export interface QueryPlan {
  spec: DpQuerySpec;
  /** Groups a subject may touch (1 for an ungrouped query). */
  m: number;
  r: number;
  selection?: PartitionThreshold & { on: 'count' | 'subjects'; mechanism: IntegerMechanism };
  count?: IntegerMechanism;
  sum?: IntegerMechanism;
  sumSquares?: IntegerMechanism;
  grid?: GridBounds;
  gridSquares?: GridBounds;
  /** Values are shifted by −center before snapping (variance centres them to shrink the square's range). */
  center: number;
  /** ε for each (group, quantile level) exponential mechanism. */
  quantileEpsilon?: number;
  cost: ApproxDp;
}

/** An ε share, rounded down a hair so the shares never sum above the whole in floating point. */
export function share(epsilon: number, parts: number): number {
  return (epsilon / parts) * (1 - 4 * Number.EPSILON);
}

/** The largest grid integers a clamped value can take, whatever the rounding mode (floor and ceil). */
export function gridBounds(lower: number, upper: number, k: number): GridBounds {
  const s = 2 ** -k;
  const lo = Math.floor(lower * s);
  const hi = Math.ceil(upper * s);
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || Math.max(-lo, hi) > 2 ** 40) {
    throw new UsageError('the grid is too fine for the clamp bounds', {
      where: 'granularity',
      hint: 'use a coarser granularity (a larger k); grid integers must stay below 2^40',
    });
  }
  return { k, lo, hi };
}

const magnitude = (g: GridBounds): number => Math.max(Math.abs(g.lo), Math.abs(g.hi));

export function planQuery(spec: DpQuerySpec): QueryPlan {
  const m = spec.groupBy.length > 0 ? spec.maxGroupsPerSubject : 1;
  // only keys discovered from the data need partition selection (and spend δ)
  const selecting = spec.groupBy.length > 0 && spec.publicKeys === undefined;
  const r = spec.maxRowsPerGroup;
  const cost = { epsilon: spec.epsilon, delta: selecting ? spec.delta : 0 };
  if (spec.statistic === 'count') {
    if (!selecting)
      return {
        spec,
        m,
        r,
        center: 0,
        count: laplaceMechanism({ sensitivity: m * r, epsilon: spec.epsilon }),
        cost,
      };
    // the noisy count both selects the partition and is the released answer
    const threshold = partitionThreshold({
      epsilon: spec.epsilon,
      delta: spec.delta,
      maxPartitions: m,
      maxContribution: r,
    });
    const mechanism = laplaceMechanism({ sensitivity: m * r, epsilon: spec.epsilon });
    return {
      spec,
      m,
      r,
      center: 0,
      selection: { ...threshold, on: 'count', mechanism },
      count: mechanism,
      cost,
    };
  }
  const plan: QueryPlan = { spec, m, r, center: 0, cost };
  let statEpsilon = spec.epsilon;
  if (selecting) {
    statEpsilon = share(spec.epsilon, 2);
    const threshold = partitionThreshold({
      epsilon: statEpsilon,
      delta: spec.delta,
      maxPartitions: m,
      maxContribution: 1,
    });
    plan.selection = {
      ...threshold,
      on: 'subjects',
      mechanism: laplaceMechanism({ sensitivity: m, epsilon: statEpsilon }),
    };
  }
  const lower = spec.lower!;
  const upper = spec.upper!;
  if (spec.statistic === 'quantile') {
    plan.quantileEpsilon = share(statEpsilon, m * spec.quantiles!.length);
    return plan;
  }
  const parts = { sum: 1, mean: 2, variance: 3 }[spec.statistic];
  const each = share(statEpsilon, parts);
  // variance is shift-invariant: centring halves the value range and quarters the squares' range
  if (parts === 3) plan.center = lower / 2 + upper / 2;
  const lo = lower - plan.center;
  const hi = upper - plan.center;
  plan.grid = gridBounds(lo, hi, spec.granularity ?? defaultGranularity(lo, hi));
  plan.sum = laplaceMechanism({ sensitivity: m * r * magnitude(plan.grid), epsilon: each });
  if (parts >= 2) plan.count = laplaceMechanism({ sensitivity: m * r, epsilon: each });
  if (parts === 3) {
    const maxSquare = Math.max(lo * lo, hi * hi);
    plan.gridSquares = gridBounds(0, maxSquare, defaultGranularity(0, maxSquare));
    plan.sumSquares = laplaceMechanism({ sensitivity: m * r * magnitude(plan.gridSquares), epsilon: each });
  }
  return plan;
}
