import { fromGrid } from './grid.js';
import type { IntegerMechanism } from './mechanisms.js';
import type { QueryPlan } from './plan.js';
import { quantileFromBins } from './quantile.js';
import type { RandomSource } from './random.js';

/** Exact, contribution-bounded aggregates of one group, as computed by the engine. */
export interface GroupAggregate {
  key: unknown[];
  /** Distinct subjects in the group. */
  subjects: bigint;
  /** Rows, at most r per subject. */
  count: bigint;
  /** Sum of grid integers of clamped values. */
  sum?: bigint;
  sumSquares?: bigint;
  /** Histogram of clamped values over `bins` equal bins of [lower, upper]. */
  bins?: number[];
}

export interface ReleasedQuantile {
  q: number;
  value: number;
  rankErrorBound: number;
}

export interface ReleasedRow {
  key: unknown[];
  /** The noisy statistic; for quantile queries the first level's value. */
  value: number;
  /** Noise-only confidence interval, or null where none is derived (variance, quantiles). */
  interval: [number, number] | null;
  quantiles?: ReleasedQuantile[];
}

/**
 * Adds noise to exact aggregates and drops groups that fail partition selection. Everything after
 * the noise is post-processing (ratios, clamping to the value range), which costs no privacy.
 */
export function releaseAggregates(
  plan: QueryPlan,
  groups: readonly GroupAggregate[],
  rng: RandomSource,
): ReleasedRow[] {
  const out: ReleasedRow[] = [];
  for (const group of groups) {
    let selectedCount: bigint | undefined;
    if (plan.selection) {
      const base = plan.selection.on === 'count' ? group.count : group.subjects;
      const noisy = plan.selection.mechanism.release(base, rng);
      if (noisy < BigInt(plan.selection.threshold)) continue;
      if (plan.selection.on === 'count') selectedCount = noisy;
    }
    out.push(releaseGroup(plan, group, selectedCount, rng));
  }
  return out;
}

function releaseGroup(
  plan: QueryPlan,
  group: GroupAggregate,
  selected: bigint | undefined,
  rng: RandomSource,
): ReleasedRow {
  const { spec } = plan;
  const z = spec.confidence;
  switch (spec.statistic) {
    case 'count': {
      const value = Number(selected ?? plan.count!.release(group.count, rng));
      return { key: group.key, value, interval: around(value, plan.count!.halfWidth(z)) };
    }
    case 'sum': {
      const k = plan.grid!.k;
      const value = fromGrid(plan.sum!.release(group.sum ?? 0n, rng), k);
      return { key: group.key, value, interval: around(value, fromGrid(plan.sum!.halfWidth(z), k)) };
    }
    case 'mean':
      return releaseMean(plan, group, rng);
    case 'variance':
      return releaseVariance(plan, group, rng);
    case 'quantile':
      return releaseQuantiles(plan, group, rng);
  }
}

function around(value: number, halfWidth: number): [number, number] {
  return [value - halfWidth, value + halfWidth];
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

function noisy(mech: IntegerMechanism, value: bigint | undefined, rng: RandomSource): number {
  return Number(mech.release(value ?? 0n, rng));
}

/** mean = noisy sum / noisy count; the interval is the Bonferroni box of both noise intervals. */
function releaseMean(plan: QueryPlan, group: GroupAggregate, rng: RandomSource): ReleasedRow {
  const lower = plan.spec.lower!;
  const upper = plan.spec.upper!;
  const k = plan.grid!.k;
  const n = noisy(plan.count!, group.count, rng);
  const s = fromGrid(noisy(plan.sum!, group.sum, rng), k);
  const value = clamp(s / Math.max(1, n), lower, upper);
  const half = 1 - (1 - plan.spec.confidence) / 2;
  const hn = plan.count!.halfWidth(half);
  const hs = fromGrid(plan.sum!.halfWidth(half), k);
  if (n - hn < 1) return { key: group.key, value, interval: [lower, upper] };
  const ratios = [(s - hs) / (n - hn), (s - hs) / (n + hn), (s + hs) / (n - hn), (s + hs) / (n + hn)];
  return {
    key: group.key,
    value,
    interval: [clamp(Math.min(...ratios), lower, upper), clamp(Math.max(...ratios), lower, upper)],
  };
}

function releaseVariance(plan: QueryPlan, group: GroupAggregate, rng: RandomSource): ReleasedRow {
  const { lower, upper } = plan.spec;
  const n = Math.max(1, noisy(plan.count!, group.count, rng));
  const mean = fromGrid(noisy(plan.sum!, group.sum, rng), plan.grid!.k) / n;
  const meanSquare = fromGrid(noisy(plan.sumSquares!, group.sumSquares, rng), plan.gridSquares!.k) / n;
  const maxVariance = ((upper! - lower!) / 2) ** 2;
  return { key: group.key, value: clamp(meanSquare - mean * mean, 0, maxVariance), interval: null };
}

function releaseQuantiles(plan: QueryPlan, group: GroupAggregate, rng: RandomSource): ReleasedRow {
  const { spec } = plan;
  const bins = group.bins ?? new Array<number>(spec.bins).fill(0);
  const quantiles = spec.quantiles!.map((q) => ({
    q,
    ...quantileFromBins(
      bins,
      {
        q,
        lower: spec.lower!,
        upper: spec.upper!,
        epsilon: plan.quantileEpsilon!,
        maxRowsPerSubject: plan.r,
        confidence: spec.confidence,
      },
      rng,
    ),
  }));
  return { key: group.key, value: quantiles[0]!.value, interval: null, quantiles };
}

/** A stable text form of a key value (NULL distinct from the string 'null'). */
function keyText(values: readonly unknown[]): string {
  return JSON.stringify(values.map((v) => (v === null || v === undefined ? { null: true } : String(v))));
}

/**
 * With public keys, exactly the listed groups are released, in the listed order: a listed key
 * absent from the data gets zero aggregates (and noise), and unlisted keys are dropped, so whether a
 * key occurs in the data is never revealed by the output's shape.
 */
export function alignToPublicKeys(
  groups: readonly GroupAggregate[],
  keys: readonly unknown[][],
): GroupAggregate[] {
  const byKey = new Map(groups.map((g) => [keyText(g.key), g]));
  return keys.map((key) => {
    const found = byKey.get(keyText(key));
    return found ? { ...found, key } : { key, subjects: 0n, count: 0n, sum: 0n, sumSquares: 0n };
  });
}
