import type { EncodedTable } from './encode.js';
import { rollup, tupleClasses, type Classes } from './groupify.js';
import { Lattice } from './lattice.js';
import { cellCosts, lowerBound, metricValue, type CellCosts, type MetricName } from './metrics.js';
import {
  checkClasses,
  isMonotone,
  maxQualifyingClasses,
  needsHistograms,
  type PrivacyModel,
} from './models.js';

export interface AnonymizationProblem {
  table: EncodedTable;
  models: readonly PrivacyModel[];
  /** Share of records that may be suppressed, 0..1. */
  suppressionLimit: number;
  metric: MetricName;
}

export interface NodeResult {
  levels: number[];
  anonymous: boolean;
  suppressed: number;
  /** The metric; NaN when the node is not anonymous. */
  value: number;
}

export interface SearchStats {
  latticeSize: number;
  /** Nodes whose classes were computed. */
  checked: number;
  /** Nodes whose anonymity was inferred from another node's without computing classes. */
  tagged: number;
  monotone: boolean;
}

export interface SearchResult {
  best: NodeResult | undefined;
  stats: SearchStats;
}

/** Classes kept for roll-ups, counted in classes (12 bytes each without histograms). */
const CACHE_CLASSES = 4_000_000;

/**
 * Computes classes per node, rolling up from the cached node below it with the fewest classes.
 * Every computed node stays cached (up to CACHE_CLASSES classes in all, oldest dropped first):
 * the checks of a search cluster in one region of the lattice, so most find a small source.
 */
export class NodeEvaluator {
  readonly lattice: Lattice;
  readonly costs: CellCosts;
  readonly maxSuppressed: number;
  /** Group-bys stop early past this many classes (never in the naive baseline). */
  private readonly maxClasses: number;
  checked = 0;
  private readonly bottom: Classes;
  private readonly cache: Classes[] = [];
  private cached = 0;

  constructor(
    readonly problem: AnonymizationProblem,
    private readonly useCache = true,
  ) {
    const { table } = problem;
    this.lattice = new Lattice(table.quasi.map((q) => q.height));
    this.costs = cellCosts(table, problem.metric);
    this.maxSuppressed = Math.floor(problem.suppressionLimit * table.rows + 1e-9);
    this.bottom = tupleClasses(table, needsHistograms(problem.models));
    this.maxClasses = useCache
      ? maxQualifyingClasses(problem.models, table.rows, this.maxSuppressed)
      : Infinity;
  }

  evaluate(node: number): NodeResult {
    const levels = this.lattice.levels(node);
    const classes = rollup(this.problem.table, this.closestBelow(levels), levels, this.maxClasses);
    this.checked += 1;
    if (!classes) return { levels: [...levels], anonymous: false, suppressed: Infinity, value: NaN };
    if (this.useCache) this.remember(classes);
    const { failing, suppressed } = checkClasses(this.problem.table, classes, this.problem.models);
    const anonymous = suppressed <= this.maxSuppressed;
    const value = anonymous ? metricValue(this.problem.table, this.costs, classes, failing) : NaN;
    return { levels: [...levels], anonymous, suppressed, value };
  }

  private closestBelow(levels: Int32Array): Classes {
    let best = this.bottom;
    for (const c of this.cache) if (c.count < best.count && this.lattice.below(c.levels, levels)) best = c;
    return best;
  }

  private remember(classes: Classes): void {
    this.cache.push(classes);
    this.cached += classes.count;
    while (this.cached > CACHE_CLASSES && this.cache.length > 1) this.cached -= this.cache.shift()!.count;
  }
}

/** Baseline: every node, classes computed from the tuples each time. Used by tests and benches. */
export function exhaustiveSearch(problem: AnonymizationProblem): SearchResult {
  const evaluator = new NodeEvaluator(problem, false);
  let best: NodeResult | undefined;
  for (let node = 0; node < evaluator.lattice.size; node++) {
    const result = evaluator.evaluate(node);
    if (result.anonymous && (!best || result.value < best.value)) best = result;
  }
  return { best, stats: stats(evaluator, 0, false) };
}

const UNKNOWN = 0;
const ANONYMOUS = 1;
const NOT_ANONYMOUS = 2;

/**
 * Optimal full-domain search. Nodes are visited by ascending lower bound of the metric, so the
 * search stops as soon as no remaining node can beat the best found. When the privacy models are
 * monotone (see isMonotone), each check tags all more general nodes anonymous or all less general
 * nodes not anonymous, in the spirit of Flash's predictive tagging (Kohlmayer et al. 2012): an
 * unknown node is settled by binary search on a path towards the top, then the search climbs from
 * the highest failing node while a successor still fails, so one cheap check (few classes high
 * up) rules out a large part of the lattice. Group-bys stop early once a node has more classes
 * than any qualifying node can have (see maxQualifyingClasses).
 */
export function optimalSearch(problem: AnonymizationProblem): SearchResult {
  const evaluator = new NodeEvaluator(problem);
  const { lattice } = evaluator;
  const monotone = isMonotone(problem.models, problem.suppressionLimit);
  const bound = new Float64Array(lattice.size);
  for (let node = 0; node < lattice.size; node++)
    bound[node] = lowerBound(evaluator.costs, lattice.levels(node));
  const order = Int32Array.from({ length: lattice.size }, (_, i) => i).sort(
    (a, b) => bound[a]! - bound[b]! || lattice.rank(a) - lattice.rank(b) || a - b,
  );
  const tags = new Uint8Array(lattice.size);
  const tagger = new Tagger(lattice, tags);
  let best: NodeResult | undefined;
  for (const node of order) {
    if (best && bound[node]! >= best.value) break;
    if (tags[node] === NOT_ANONYMOUS) continue;
    if (monotone && tags[node] === UNKNOWN) probeUpwards(evaluator, tagger, node);
    if (tags[node] === NOT_ANONYMOUS) continue;
    const result = evaluator.evaluate(node);
    if (monotone) tagger.tag(node, result.anonymous);
    if (result.anonymous && (!best || result.value < best.value)) best = result;
  }
  return { best, stats: stats(evaluator, tagger.inferred, monotone) };
}

/** Binary search on a path from `node` to the top for the lowest anonymous node, tagging as it goes. */
function probeUpwards(evaluator: NodeEvaluator, tagger: Tagger, node: number): void {
  const path = pathToTop(evaluator.lattice, node);
  let low = 1;
  let high = path.length - 1;
  while (low <= high && tagger.tags[node] === UNKNOWN) {
    const mid = (low + high) >> 1;
    const probe = path[mid]!;
    if (tagger.tags[probe] === UNKNOWN) tagger.tag(probe, evaluator.evaluate(probe).anonymous);
    if (tagger.tags[probe] === ANONYMOUS) high = mid - 1;
    else low = mid + 1;
  }
  if (tagger.tags[node] === NOT_ANONYMOUS) climbNotAnonymous(evaluator, tagger, path[low - 1]!);
}

/** From a node known not anonymous, climbs while some successor is not anonymous either. */
function climbNotAnonymous(evaluator: NodeEvaluator, tagger: Tagger, start: number): void {
  let current = start;
  for (;;) {
    let next = -1;
    for (const s of evaluator.lattice.successors(current)) {
      if (tagger.tags[s] === UNKNOWN) tagger.tag(s, evaluator.evaluate(s).anonymous);
      if (tagger.tags[s] === NOT_ANONYMOUS) {
        next = s;
        break;
      }
    }
    if (next < 0) return;
    current = next;
  }
}

/** Raises the lowest relative level first, so the path runs through the middle of the lattice. */
function pathToTop(lattice: Lattice, node: number): number[] {
  const levels = lattice.levels(node);
  const path = [node];
  for (;;) {
    let pick = -1;
    lattice.heights.forEach((h, q) => {
      if (
        levels[q]! < h - 1 &&
        (pick < 0 || levels[q]! / (h - 1) < levels[pick]! / (lattice.heights[pick]! - 1))
      )
        pick = q;
    });
    if (pick < 0) return path;
    levels[pick]! += 1;
    path.push(lattice.index(levels));
  }
}

/** Keeps anonymous tags closed upwards and not-anonymous tags closed downwards. */
class Tagger {
  inferred = 0;
  constructor(
    private readonly lattice: Lattice,
    readonly tags: Uint8Array,
  ) {}

  tag(node: number, anonymous: boolean): void {
    const state = anonymous ? ANONYMOUS : NOT_ANONYMOUS;
    if (this.tags[node] === state) return;
    this.tags[node] = state;
    const stack = [node];
    while (stack.length > 0) {
      const current = stack.pop()!;
      const next = anonymous ? this.lattice.successors(current) : this.lattice.predecessors(current);
      for (const n of next) {
        if (this.tags[n] === state) continue;
        this.tags[n] = state;
        this.inferred += 1;
        stack.push(n);
      }
    }
  }
}

/**
 * Fast heuristic for very large lattices: climbs from the bottom, each step raising the one
 * level that leaves the fewest records to suppress (ties: lower metric bound), until anonymous.
 * Not optimal; checks at most (sum of heights) x (quasi-identifiers) nodes.
 */
export function heuristicSearch(problem: AnonymizationProblem): SearchResult {
  const evaluator = new NodeEvaluator(problem);
  const { lattice } = evaluator;
  let current = evaluator.evaluate(0);
  let node = 0;
  while (!current.anonymous) {
    const options = lattice.successors(node).map((n) => ({ n, r: evaluator.evaluate(n) }));
    if (options.length === 0) break;
    options.sort(
      (a, b) =>
        Number(b.r.anonymous) - Number(a.r.anonymous) ||
        (a.r.anonymous ? a.r.value - b.r.value : a.r.suppressed - b.r.suppressed) ||
        lowerBound(evaluator.costs, a.r.levels) - lowerBound(evaluator.costs, b.r.levels),
    );
    node = options[0]!.n;
    current = options[0]!.r;
  }
  return { best: current.anonymous ? current : undefined, stats: stats(evaluator, 0, false) };
}

function stats(evaluator: NodeEvaluator, tagged: number, monotone: boolean): SearchStats {
  return { latticeSize: evaluator.lattice.size, checked: evaluator.checked, tagged, monotone };
}
