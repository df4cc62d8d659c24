import type { EncodedTable } from './encode.js';
import { KeyTable } from './keytable.js';

/** Equivalence classes of the table at one lattice node (a level per quasi-identifier). */
export interface Classes {
  levels: Int32Array;
  count: number;
  /** rep[class] = one tuple of the class (all its tuples share the generalized codes). */
  rep: Int32Array;
  /** size[class] = number of records. */
  size: Float64Array;
  /** hist[s][class] = sensitive value code -> records; present when sensitive models need it. */
  hist: Map<number, number>[][] | undefined;
  /** codes[q][class] = the class's generalized code of quasi-identifier q (at levels[q]). */
  codes: Int32Array[];
  /** of[item] = class of each item of the source (only when membership was asked for). */
  of: Int32Array | undefined;
}

/** The finest classes: the distinct tuples themselves, at level 0 of every quasi-identifier. */
export function tupleClasses(table: EncodedTable, withHistograms: boolean): Classes {
  const count = table.weight.length;
  const hist = withHistograms
    ? table.sensitiveCodes.map((codes) =>
        Array.from({ length: count }, (_, t) => new Map([[codes[t]!, table.weight[t]!]])),
      )
    : undefined;
  return {
    levels: new Int32Array(table.quasi.length),
    count,
    rep: Int32Array.from({ length: count }, (_, t) => t),
    size: Float64Array.from(table.weight),
    hist,
    codes: table.codes.map((c) => Int32Array.from(c)),
    of: undefined,
  };
}

const keyTable = new KeyTable();
const SAFE_PRODUCT = 2 ** 52;

let scratchKeys = new Float64Array(0);
let scratchIds = new Int32Array(0);

/**
 * Classes at `levels`, computed by merging the classes of a less general node (`source`):
 * generalizing only merges classes, so the work is proportional to the source's class count.
 * Returns undefined as soon as more than `maxClasses` classes appear (the node cannot qualify).
 */
export function rollup(
  table: EncodedTable,
  source: Classes,
  levels: Int32Array,
  maxClasses = Infinity,
  keepMembership = false,
): Classes | undefined {
  const n = source.count;
  if (scratchKeys.length < n) {
    scratchKeys = new Float64Array(n);
    scratchIds = new Int32Array(n);
  }
  const keys = scratchKeys.subarray(0, n);
  const ids = keepMembership ? new Int32Array(n) : scratchIds.subarray(0, n);
  classKeys(table, source, levels, keys);
  const count = keyTable.densify(keys, ids, maxClasses);
  if (count < 0) return undefined;
  const rep = new Int32Array(count).fill(-1);
  const size = new Float64Array(count);
  const sourceRep = source.rep;
  const sourceSize = source.size;
  for (let c = 0; c < n; c++) {
    const id = ids[c]!;
    if (rep[id] === -1) rep[id] = sourceRep[c]!;
    size[id]! += sourceSize[c]!;
  }
  const codes = table.quasi.map((q, i) => {
    const up = q.up[levels[i]!]!;
    const base = table.codes[i]!;
    const out = new Int32Array(count);
    for (let c = 0; c < count; c++) out[c] = up[base[rep[c]!]!]!;
    return out;
  });
  const hist = mergeHistograms(source.hist, ids, count);
  return {
    levels: Int32Array.from(levels),
    count,
    rep,
    size,
    hist,
    codes,
    of: keepMembership ? ids : undefined,
  };
}

/** Mixed-radix key of every source class's generalized codes (re-densified if it would overflow). */
function classKeys(table: EncodedTable, source: Classes, levels: Int32Array, keys: Float64Array): void {
  const n = source.count;
  keys.fill(0);
  let product = 1;
  for (let q = 0; q < table.quasi.length; q++) {
    const level = levels[q]!;
    const card = table.quasi[q]!.labels[level]!.length;
    if (card === 1) continue;
    if (product * card > SAFE_PRODUCT) {
      const ids = new Int32Array(n);
      product = keyTable.densify(keys, ids);
      for (let c = 0; c < n; c++) keys[c] = ids[c]!;
    }
    const from = source.codes[q]!;
    if (source.levels[q] === level) {
      for (let c = 0; c < n; c++) keys[c] = keys[c]! * card + from[c]!;
    } else {
      const lift = table.quasi[q]!.lift[source.levels[q]!]![level]!;
      for (let c = 0; c < n; c++) keys[c] = keys[c]! * card + lift[from[c]!]!;
    }
    product *= card;
  }
}

function mergeHistograms(hist: Map<number, number>[][] | undefined, ids: Int32Array, count: number) {
  if (!hist) return undefined;
  return hist.map((perClass) => {
    const merged = Array.from({ length: count }, () => new Map<number, number>());
    perClass.forEach((h, c) => {
      const target = merged[ids[c]!]!;
      for (const [code, n] of h) target.set(code, (target.get(code) ?? 0) + n);
    });
    return merged;
  });
}

/** Class of every tuple, composing the chain of roll-ups from the tuples to `classes`. */
export function tupleClassOf(
  table: EncodedTable,
  levels: Int32Array,
): { classes: Classes; ofTuple: Int32Array } {
  const base = tupleClasses(table, table.sensitive.length > 0);
  const classes = rollup(table, base, levels, Infinity, true)!;
  return { classes, ofTuple: classes.of! };
}
