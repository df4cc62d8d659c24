import { InputError, UsageError } from '../core/errors.js';
import type { Hierarchy } from './hierarchy.js';
import { KeyTable } from './keytable.js';

/** One quasi-identifier column with its hierarchy, as given to the algorithms. */
export interface QuasiIdentifierInput {
  name: string;
  values: readonly (string | null | undefined)[];
  hierarchy: Hierarchy;
}

/** One sensitive column; the hierarchy is needed only by hierarchical t-closeness. */
export interface SensitiveInput {
  name: string;
  values: readonly (string | null | undefined)[];
  hierarchy?: Hierarchy;
}

/** A quasi-identifier encoded to integer codes per hierarchy level. */
export interface EncodedQuasi {
  name: string;
  height: number;
  /** labels[level][code] */
  labels: string[][];
  /** up[level][baseCode] = code of the base value's generalization at that level. */
  up: Int32Array[];
  /** freq[level][code] = number of records whose value generalizes to that code. */
  freq: Float64Array[];
  /** leaves[level][code] = number of distinct original values under that code. */
  leaves: Int32Array[];
  /** lift[a][b][code at level a] = code at level b >= a (hierarchies are trees, so it is unique). */
  lift: Int32Array[][];
}

export interface EncodedSensitive {
  name: string;
  labels: string[];
  /** Per level of the optional hierarchy: up[level][code]; only level 0 without a hierarchy. */
  up: Int32Array[];
  /** Share of each value over all records (the distribution t-closeness compares with). */
  global: Float64Array;
}

/**
 * The table compressed to distinct tuples of (quasi-identifier codes, sensitive codes) with a
 * weight, so every lattice check is a group-by over typed arrays, not over rows.
 */
export interface EncodedTable {
  rows: number;
  quasi: EncodedQuasi[];
  sensitive: EncodedSensitive[];
  /** codes[q][tuple] = base code of quasi-identifier q. */
  codes: Int32Array[];
  /** sensitiveCodes[s][tuple] */
  sensitiveCodes: Int32Array[];
  weight: Int32Array;
  /** rowTuple[row] = tuple of that row. */
  rowTuple: Int32Array;
}

const cell = (v: string | null | undefined): string => v ?? '';

/** Encodes columns; throws before any search when a hierarchy misses a value or lengths differ. */
export function encodeTable(
  quasi: readonly QuasiIdentifierInput[],
  sensitive: readonly SensitiveInput[] = [],
): EncodedTable {
  if (quasi.length === 0)
    throw new UsageError('no quasi-identifiers given', { hint: 'name at least one column' });
  const rows = quasi[0]!.values.length;
  for (const col of [...quasi, ...sensitive]) {
    if (col.values.length !== rows)
      throw new InputError(`column ${col.name} has ${col.values.length} values, expected ${rows}`);
  }
  const baseCodes: Int32Array[] = [];
  const encodedQuasi = quasi.map((q) => {
    const { encoded, rowCodes } = encodeQuasi(q);
    baseCodes.push(rowCodes);
    return encoded;
  });
  const sensRowCodes: Int32Array[] = [];
  const encodedSens = sensitive.map((s) => {
    const { encoded, rowCodes } = encodeSensitive(s, rows);
    sensRowCodes.push(rowCodes);
    return encoded;
  });
  const cards = [...encodedQuasi.map((q) => q.labels[0]!.length), ...encodedSens.map((s) => s.labels.length)];
  const { ids, count } = groupRows([...baseCodes, ...sensRowCodes], cards, rows);
  const weight = new Int32Array(count);
  const firstRow = new Int32Array(count);
  for (let r = rows - 1; r >= 0; r--) {
    weight[ids[r]!]! += 1;
    firstRow[ids[r]!] = r;
  }
  const pick = (rowCodes: Int32Array) => Int32Array.from(firstRow, (r) => rowCodes[r]!);
  return {
    rows,
    quasi: encodedQuasi,
    sensitive: encodedSens,
    codes: baseCodes.map(pick),
    sensitiveCodes: sensRowCodes.map(pick),
    weight,
    rowTuple: ids,
  };
}

function encodeQuasi(q: QuasiIdentifierInput): { encoded: EncodedQuasi; rowCodes: Int32Array } {
  const { height } = q.hierarchy;
  const labels: string[][] = Array.from({ length: height }, () => []);
  const labelCode: Map<string, number>[] = Array.from({ length: height }, () => new Map());
  const upLists: number[][] = Array.from({ length: height }, () => []);
  const rowCodes = new Int32Array(q.values.length);
  q.values.forEach((raw, row) => {
    const value = cell(raw);
    let code = labelCode[0]!.get(value);
    if (code === undefined) {
      const chain = q.hierarchy.chain(value);
      if (!chain || chain.length !== height) {
        throw new InputError(`the hierarchy of column ${q.name} does not cover the value in row ${row + 1}`, {
          where: `row ${row + 1}, field ${q.name}`,
          hint: 'add the value to the hierarchy (one row per value) or choose a builder that covers it',
        });
      }
      code = labels[0]!.length;
      chain.forEach((label, level) => {
        let c = labelCode[level]!.get(label);
        if (c === undefined) {
          c = labels[level]!.length;
          labels[level]!.push(label);
          labelCode[level]!.set(label, c);
        }
        upLists[level]!.push(c);
      });
    }
    rowCodes[row] = code;
  });
  const up = upLists.map((list) => Int32Array.from(list));
  const base = new Float64Array(labels[0]!.length);
  for (const code of rowCodes) base[code]! += 1;
  const freq = up.map((map, level) => {
    const f = new Float64Array(labels[level]!.length);
    map.forEach((c, b) => (f[c]! += base[b]!));
    return f;
  });
  const leaves = up.map((map, level) => {
    const l = new Int32Array(labels[level]!.length);
    for (const c of map) l[c]! += 1;
    return l;
  });
  const lift = up.map((from, a) =>
    up.map((to, b) => {
      const map = new Int32Array(b >= a ? labels[a]!.length : 0);
      if (b >= a) from.forEach((code, base) => (map[code] = to[base]!));
      return map;
    }),
  );
  return { encoded: { name: q.name, height, labels, up, freq, leaves, lift }, rowCodes };
}

function encodeSensitive(
  s: SensitiveInput,
  rows: number,
): { encoded: EncodedSensitive; rowCodes: Int32Array } {
  const labels: string[] = [];
  const codeOf = new Map<string, number>();
  const rowCodes = new Int32Array(rows);
  s.values.forEach((raw, row) => {
    const value = cell(raw);
    let code = codeOf.get(value);
    if (code === undefined) {
      code = labels.length;
      labels.push(value);
      codeOf.set(value, code);
    }
    rowCodes[row] = code;
  });
  const global = new Float64Array(labels.length);
  for (const code of rowCodes) global[code]! += 1 / rows;
  return { encoded: { name: s.name, labels, up: sensitiveLevels(s, labels), global }, rowCodes };
}

function sensitiveLevels(s: SensitiveInput, labels: string[]): Int32Array[] {
  const identity = Int32Array.from(labels, (_, i) => i);
  if (!s.hierarchy) return [identity];
  const chains = labels.map((label, code) => {
    const chain = s.hierarchy!.chain(label);
    if (!chain) {
      throw new InputError(`the hierarchy of sensitive column ${s.name} does not cover one of its values`, {
        where: `field ${s.name}, distinct value #${code + 1}`,
        hint: 'hierarchical t-closeness needs a hierarchy covering every value',
      });
    }
    return chain;
  });
  return Array.from({ length: s.hierarchy.height }, (_, level) => {
    const codeOf = new Map<string, number>();
    return Int32Array.from(chains, (chain) => {
      const label = chain[level]!;
      if (!codeOf.has(label)) codeOf.set(label, codeOf.size);
      return codeOf.get(label)!;
    });
  });
}

const SAFE_PRODUCT = 2 ** 52;

/**
 * Groups `n` items by several integer code columns (`cards[j]` codes each): mixed-radix keys,
 * re-densified whenever the radix product would lose float precision. Returns dense group ids
 * in order of first appearance.
 */
export function groupRows(columns: readonly ArrayLike<number>[], cards: readonly number[], n: number) {
  const acc = new Float64Array(n);
  let accCard = 1;
  columns.forEach((col, j) => {
    const card = Math.max(1, cards[j]!);
    if (accCard * card > SAFE_PRODUCT) accCard = densify(acc).count;
    for (let i = 0; i < n; i++) acc[i] = acc[i]! * card + col[i]!;
    accCard *= card;
  });
  return densify(acc);
}

const scratch = new KeyTable();

function densify(keys: Float64Array): { ids: Int32Array; count: number } {
  const ids = new Int32Array(keys.length);
  const count = scratch.densify(keys, ids);
  for (let i = 0; i < keys.length; i++) keys[i] = ids[i]!;
  return { ids, count };
}
