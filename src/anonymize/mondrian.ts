import { InputError, UsageError } from '../core/errors.js';
import type { Hierarchy } from './hierarchy.js';

/**
 * Mondrian multidimensional local recoding (LeFevre, DeWitt & Ramakrishnan 2006), strict
 * partitioning: split the widest dimension at its median while both halves keep >= k records.
 * Categorical columns are ordered (by hierarchy, so siblings are adjacent, else by value) and
 * split like numbers; a partition's label is its range, its value set, or the lowest common
 * hierarchy ancestor.
 */
export type MondrianColumn =
  | { name: string; kind: 'numeric'; values: ArrayLike<number> }
  | {
      name: string;
      kind: 'categorical';
      values: readonly (string | null | undefined)[];
      hierarchy?: Hierarchy;
    };

export interface Partition {
  start: number;
  end: number;
  /** Per column: smallest and largest key (a number, or a rank in the category order). */
  min: Float64Array;
  max: Float64Array;
}

export interface MondrianResult {
  partitions: Partition[];
  /** Rows in partition order: rows[p.start .. p.end) belong to partition p. */
  rows: Int32Array;
  /** Normalized certainty penalty (Xu et al. 2006), mean over cells, in [0, 1]. */
  ncp: number;
  /** label(partition, column) = the generalized value written for that partition. */
  label(partition: number, column: number): string;
  /** partitionOfRow[row] */
  partitionOfRow: Int32Array;
}

interface Dimension {
  name: string;
  keys: Float64Array;
  lowest: number;
  highest: number;
  /** Categories in order, for categorical columns. */
  categories?: string[];
  hierarchy?: Hierarchy;
  /** Hierarchy chains of the categories, in category order. */
  chains?: (readonly string[])[];
}

export function mondrian(columns: readonly MondrianColumn[], k: number): MondrianResult {
  if (columns.length === 0)
    throw new UsageError('no quasi-identifiers given', { hint: 'name at least one column' });
  const n = columns[0]!.values.length;
  if (!Number.isInteger(k) || k < 1) throw new UsageError('k must be a positive integer', { where: 'k' });
  if (k > n)
    throw new UsageError(`k = ${k} is larger than the number of records (${n})`, {
      hint: 'choose k at most the row count',
    });
  const dims = columns.map(toDimension);
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const partitions: Partition[] = [];
  const stack: [number, number][] = [[0, n]];
  while (stack.length > 0) {
    const [start, end] = stack.pop()!;
    const bounds = boundsOf(dims, rows, start, end);
    const cut = split(dims, rows, start, end, bounds, k);
    if (cut === undefined) partitions.push({ start, end, ...bounds });
    else stack.push([start, cut], [cut, end]);
  }
  const partitionOfRow = new Int32Array(n);
  partitions.forEach((p, id) => {
    for (let i = p.start; i < p.end; i++) partitionOfRow[rows[i]!] = id;
  });
  const labels = new Labeler(dims, partitions);
  return {
    partitions,
    rows,
    partitionOfRow,
    ncp: labels.ncp(n),
    label: (p, c) => labels.label(p, c),
  };
}

function toDimension(column: MondrianColumn): Dimension {
  const n = column.values.length;
  if (column.kind === 'numeric') {
    const keys = Float64Array.from(column.values);
    let lowest = Infinity;
    let highest = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = keys[i]!;
      if (!Number.isFinite(x)) {
        throw new InputError(`column ${column.name} is not numeric in row ${i + 1}`, {
          where: `row ${i + 1}, field ${column.name}`,
          hint: 'declare the column categorical or clean the data',
        });
      }
      if (x < lowest) lowest = x;
      if (x > highest) highest = x;
    }
    return { name: column.name, keys, lowest, highest };
  }
  const distinct = [...new Set(column.values.map((v) => v ?? ''))];
  const chains = column.hierarchy ? distinct.map((v) => chainOrThrow(column, v)) : undefined;
  const order = distinct.map((_, i) => i).sort((a, b) => compareCategories(distinct, chains, a, b));
  const categories = order.map((i) => distinct[i]!);
  const rank = new Map(categories.map((v, i) => [v, i]));
  const keys = Float64Array.from(column.values, (v) => rank.get(v ?? '')!);
  const ordered = chains ? order.map((i) => chains[i]!) : undefined;
  return {
    name: column.name,
    keys,
    lowest: 0,
    highest: categories.length - 1,
    categories,
    chains: ordered,
    hierarchy: column.hierarchy,
  };
}

function chainOrThrow(column: MondrianColumn & { kind: 'categorical' }, value: string): readonly string[] {
  const chain = column.hierarchy!.chain(value);
  if (chain) return chain;
  const row = column.values.findIndex((v) => (v ?? '') === value);
  throw new InputError(`the hierarchy of column ${column.name} does not cover the value in row ${row + 1}`, {
    where: `row ${row + 1}, field ${column.name}`,
    hint: 'add the value to the hierarchy',
  });
}

/** Orders by the chain read from the top, so values under the same ancestor are adjacent. */
function compareCategories(
  values: string[],
  chains: (readonly string[])[] | undefined,
  a: number,
  b: number,
): number {
  if (chains) {
    const ca = chains[a]!;
    const cb = chains[b]!;
    for (let level = ca.length - 1; level >= 0; level--) {
      if (ca[level] !== cb[level]) return ca[level]! < cb[level]! ? -1 : 1;
    }
    return 0;
  }
  return values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : 0;
}

function boundsOf(dims: Dimension[], rows: Int32Array, start: number, end: number) {
  const min = new Float64Array(dims.length).fill(Infinity);
  const max = new Float64Array(dims.length).fill(-Infinity);
  dims.forEach((d, j) => {
    const keys = d.keys;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = start; i < end; i++) {
      const x = keys[rows[i]!]!;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    min[j] = lo;
    max[j] = hi;
  });
  return { min, max };
}

/** Tries dimensions from widest (normalized) to narrowest; returns the cut index or undefined. */
function split(
  dims: Dimension[],
  rows: Int32Array,
  start: number,
  end: number,
  bounds: { min: Float64Array; max: Float64Array },
  k: number,
): number | undefined {
  if (end - start < 2 * k) return undefined;
  const width = (j: number) => {
    const range = dims[j]!.highest - dims[j]!.lowest;
    return range > 0 ? (bounds.max[j]! - bounds.min[j]!) / range : 0;
  };
  const order = dims
    .map((_, j) => j)
    .filter((j) => width(j) > 0)
    .sort((a, b) => width(b) - width(a));
  for (const j of order) {
    const keys = dims[j]!.keys;
    const median = select(keys, rows, start, end, (start + end) >> 1);
    const [lessEnd, equalEnd] = partition3(keys, rows, start, end, median);
    if (equalEnd - start >= k && end - equalEnd >= k) return equalEnd;
    if (lessEnd - start >= k && end - lessEnd >= k) return lessEnd;
  }
  return undefined;
}

/** Quickselect (median-of-three pivot): the key of rank `target` within rows[start..end). */
function select(keys: Float64Array, rows: Int32Array, start: number, end: number, target: number): number {
  let lo = start;
  let hi = end - 1;
  while (lo < hi) {
    const a = keys[rows[lo]!]!;
    const b = keys[rows[(lo + hi) >> 1]!]!;
    const c = keys[rows[hi]!]!;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (keys[rows[i]!]! < pivot) i++;
      while (keys[rows[j]!]! > pivot) j--;
      if (i <= j) {
        const t = rows[i]!;
        rows[i] = rows[j]!;
        rows[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return keys[rows[target]!]!;
}

/** Dutch-flag partition around `pivot`: returns the ends of the "<" and "=" blocks. */
function partition3(
  keys: Float64Array,
  rows: Int32Array,
  start: number,
  end: number,
  pivot: number,
): [number, number] {
  let lt = start;
  let i = start;
  let gt = end;
  while (i < gt) {
    const x = keys[rows[i]!]!;
    if (x < pivot) {
      const t = rows[lt]!;
      rows[lt++] = rows[i]!;
      rows[i++] = t;
    } else if (x > pivot) {
      const t = rows[--gt]!;
      rows[gt] = rows[i]!;
      rows[i] = t;
    } else i++;
  }
  return [lt, gt];
}

/** Labels and NCP of partitions. */
class Labeler {
  constructor(
    private readonly dims: Dimension[],
    private readonly partitions: Partition[],
  ) {}

  label(p: number, j: number): string {
    const part = this.partitions[p]!;
    const d = this.dims[j]!;
    const lo = part.min[j]!;
    const hi = part.max[j]!;
    if (!d.categories) return lo === hi ? String(lo) : `[${lo}, ${hi}]`;
    if (lo === hi) return d.categories[lo]!;
    if (d.hierarchy) return commonAncestor(d, lo, hi).label;
    return `{${d.categories.slice(lo, hi + 1).join('|')}}`;
  }

  /** Numeric: (max - min) / range; categorical: (values covered - 1) / (domain - 1). */
  ncp(n: number): number {
    let sum = 0;
    for (const part of this.partitions) {
      const size = part.end - part.start;
      this.dims.forEach((d, j) => {
        const range = d.highest - d.lowest;
        if (range === 0) return;
        const lo = part.min[j]!;
        const hi = part.max[j]!;
        const covered =
          d.hierarchy && d.categories && lo !== hi ? commonAncestor(d, lo, hi).leaves - 1 : hi - lo;
        sum += (size * covered) / range;
      });
    }
    return sum / (n * this.dims.length);
  }
}

/** The lowest hierarchy level where categories lo..hi share one label, and its leaf count. */
function commonAncestor(d: Dimension, lo: number, hi: number): { label: string; leaves: number } {
  const chains = d.chains!;
  for (let level = 1; level < d.hierarchy!.height; level++) {
    const label = chains[lo]![level]!;
    let shared = true;
    for (let i = lo + 1; i <= hi && shared; i++) shared = chains[i]![level] === label;
    if (shared) return { label, leaves: chains.filter((c) => c[level] === label).length };
  }
  return { label: '*', leaves: chains.length };
}
