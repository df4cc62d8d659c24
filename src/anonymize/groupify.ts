import type { EncodedTable } from './encode.js';

/** Equivalence classes of the table at one lattice node (a level per quasi-identifier). */
export interface Classes {
  levels: Int32Array;
  count: number;
  /**
   * rep[class] = one tuple of the class (all its tuples share the generalized codes, so a class's
   * code at any level at least as general is up[level][codes[q][rep]]).
   */
  rep: Int32Array;
  /** size[class] = number of records. */
  size: Float64Array;
  /** hist[s][class] = sensitive value code -> records; present when sensitive models need it. */
  hist: Map<number, number>[][] | undefined;
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
    of: undefined,
  };
}

/** Mixed-radix keys stay exact integers in a double below this. */
const SAFE_PRODUCT = 2 ** 52;
/** Key spaces up to this size (or up to 4 per source class) are counted by direct addressing. */
const DIRECT_SPACE = 1 << 16;

const grouper = {
  keys: new Float64Array(0),
  ids: new Int32Array(0),
  rep: new Int32Array(0),
  size: new Float64Array(0),
  slotKeys: new Float64Array(0),
  slotIds: new Int32Array(0),
  stamps: new Uint32Array(0),
  epoch: 0,
  direct: new Int32Array(0),
  directStamps: new Uint32Array(0),
  directEpoch: 0,
};

function ensureScratch(n: number): void {
  if (grouper.keys.length >= n) return;
  const capacity = Math.max(n, grouper.keys.length * 2);
  grouper.keys = new Float64Array(capacity);
  grouper.ids = new Int32Array(capacity);
  grouper.rep = new Int32Array(capacity);
  grouper.size = new Float64Array(capacity);
}

/**
 * Classes at `levels`, computed by merging the classes of a less general node (`source`):
 * generalizing only merges classes, so the work is proportional to the source's class count.
 * Keys are mixed-radix integers of the generalized codes; small key spaces are counted by direct
 * addressing, others by open addressing over typed arrays. Returns undefined as soon as more
 * than `maxClasses` classes appear (the node cannot qualify).
 */
export function rollup(
  table: EncodedTable,
  source: Classes,
  levels: Int32Array,
  maxClasses = Infinity,
  keepMembership = false,
): Classes | undefined {
  const n = source.count;
  ensureScratch(n);
  const keys = grouper.keys;
  const needIds = keepMembership || source.hist !== undefined;
  const ids = keepMembership ? new Int32Array(n) : grouper.ids;
  const space = classKeys(table, source, levels, keys, n);
  const count =
    space <= DIRECT_SPACE || space <= 4 * n
      ? groupDirect(keys, n, space, source, ids, needIds, maxClasses)
      : groupHashed(keys, n, source, ids, needIds, maxClasses);
  if (count < 0) return undefined;
  const hist = needIds ? mergeHistograms(source.hist, ids, count) : undefined;
  return {
    levels: Int32Array.from(levels),
    count,
    rep: grouper.rep.slice(0, count),
    size: grouper.size.slice(0, count),
    hist,
    of: keepMembership ? ids : undefined,
  };
}

/**
 * keys[c] = mixed-radix key of source class c's generalized codes; returns the key space size.
 * When the radix product would lose precision, the partial keys are re-densified first.
 */
function classKeys(
  table: EncodedTable,
  source: Classes,
  levels: Int32Array,
  keys: Float64Array,
  n: number,
): number {
  const rep = source.rep;
  // Classes as many as the tuples are the tuples in order (ids follow first appearance and no
  // roll-up merged anything), so rep is the identity and the gather can be skipped.
  const identity = n === table.weight.length;
  let product = 1;
  let first = true;
  for (let q = 0; q < table.quasi.length; q++) {
    const quasi = table.quasi[q]!;
    const level = levels[q]!;
    const card = quasi.labels[level]!.length;
    if (card === 1) continue;
    const up = quasi.up[level]!;
    const base = table.codes[q]!;
    if (first) {
      if (identity) for (let c = 0; c < n; c++) keys[c] = up[base[c]!]!;
      else for (let c = 0; c < n; c++) keys[c] = up[base[rep[c]!]!]!;
      first = false;
      product = card;
      continue;
    }
    if (product * card > SAFE_PRODUCT) product = redensify(keys, n);
    if (identity) for (let c = 0; c < n; c++) keys[c] = keys[c]! * card + up[base[c]!]!;
    else for (let c = 0; c < n; c++) keys[c] = keys[c]! * card + up[base[rep[c]!]!]!;
    product *= card;
  }
  if (first) keys.fill(0, 0, n);
  return product;
}

function groupDirect(
  keys: Float64Array,
  n: number,
  space: number,
  source: Classes,
  ids: Int32Array,
  needIds: boolean,
  limit: number,
): number {
  if (grouper.direct.length < space) {
    let capacity = DIRECT_SPACE;
    while (capacity < space) capacity *= 2;
    grouper.direct = new Int32Array(capacity);
    grouper.directStamps = new Uint32Array(capacity);
    grouper.directEpoch = 0;
  }
  const epoch = nextEpoch('direct');
  const slotIds = grouper.direct;
  const stamps = grouper.directStamps;
  const outRep = grouper.rep;
  const outSize = grouper.size;
  const srcRep = source.rep;
  const srcSize = source.size;
  let count = 0;
  for (let c = 0; c < n; c++) {
    const key = keys[c]!;
    let id: number;
    if (stamps[key] !== epoch) {
      stamps[key] = epoch;
      id = count++;
      if (count > limit) return -1;
      slotIds[key] = id;
      outRep[id] = srcRep[c]!;
      outSize[id] = srcSize[c]!;
    } else {
      id = slotIds[key]!;
      outSize[id]! += srcSize[c]!;
    }
    if (needIds) ids[c] = id;
  }
  return count;
}

function groupHashed(
  keys: Float64Array,
  n: number,
  source: Classes,
  ids: Int32Array,
  needIds: boolean,
  limit: number,
): number {
  const bits = prepareHash(Math.min(n, limit + 1));
  const epoch = nextEpoch('hash');
  const mask = (1 << bits) - 1;
  const shift = 32 - bits;
  const slotKeys = grouper.slotKeys;
  const slotIds = grouper.slotIds;
  const stamps = grouper.stamps;
  const outRep = grouper.rep;
  const outSize = grouper.size;
  const srcRep = source.rep;
  const srcSize = source.size;
  let count = 0;
  for (let c = 0; c < n; c++) {
    const key = keys[c]!;
    let slot = hashSlot(key, shift);
    let id: number;
    for (;;) {
      if (stamps[slot] !== epoch) {
        stamps[slot] = epoch;
        slotKeys[slot] = key;
        id = count++;
        if (count > limit) return -1;
        slotIds[slot] = id;
        outRep[id] = srcRep[c]!;
        outSize[id] = srcSize[c]!;
        break;
      }
      if (slotKeys[slot] === key) {
        id = slotIds[slot]!;
        outSize[id]! += srcSize[c]!;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (needIds) ids[c] = id;
  }
  return count;
}

/** Replaces keys[0..n) by dense ids in order of first appearance; returns the id count. */
function redensify(keys: Float64Array, n: number): number {
  const bits = prepareHash(n);
  const epoch = nextEpoch('hash');
  const mask = (1 << bits) - 1;
  const shift = 32 - bits;
  const slotKeys = grouper.slotKeys;
  const slotIds = grouper.slotIds;
  const stamps = grouper.stamps;
  let count = 0;
  for (let c = 0; c < n; c++) {
    const key = keys[c]!;
    let slot = hashSlot(key, shift);
    for (;;) {
      if (stamps[slot] !== epoch) {
        stamps[slot] = epoch;
        slotKeys[slot] = key;
        slotIds[slot] = count;
        keys[c] = count++;
        break;
      }
      if (slotKeys[slot] === key) {
        keys[c] = slotIds[slot]!;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return count;
}

/** Fibonacci hashing of an integer key below 2^53 to `32 - shift` bits. */
function hashSlot(key: number, shift: number): number {
  const low = key >>> 0;
  const high = (key / 4294967296) >>> 0;
  return Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> shift;
}

/** Sizes the open-addressing table for `expected` keys (load <= 1/2); returns log2 of its size. */
function prepareHash(expected: number): number {
  let capacity = 16;
  let bits = 4;
  while (capacity < expected * 2) {
    capacity *= 2;
    bits += 1;
  }
  if (grouper.slotKeys.length < capacity) {
    grouper.slotKeys = new Float64Array(capacity);
    grouper.slotIds = new Int32Array(capacity);
    grouper.stamps = new Uint32Array(capacity);
    grouper.epoch = 0;
  }
  return bits;
}

/** A fresh stamp for the direct or hashed table (clearing the stamps on wrap-around). */
function nextEpoch(which: 'direct' | 'hash'): number {
  if (which === 'direct') {
    grouper.directEpoch += 1;
    if (grouper.directEpoch === 0xffffffff) {
      grouper.directStamps.fill(0);
      grouper.directEpoch = 1;
    }
    return grouper.directEpoch;
  }
  grouper.epoch += 1;
  if (grouper.epoch === 0xffffffff) {
    grouper.stamps.fill(0);
    grouper.epoch = 1;
  }
  return grouper.epoch;
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
