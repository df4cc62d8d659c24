import {
  BASE_CELL_CW_OFFSET_FACES,
  BASE_CELL_IS_PENTAGON,
  FACE_AXIS_AZ_CII,
  FACE_CENTER_POINT,
  FACE_IJK_BASE_CELL,
  FACE_IJK_BASE_CELL_ROT,
} from './h3-tables.js';

/**
 * H3 `latLngToCell` in TypeScript, bit-identical to h3-js 4.5 (libh3 v4.5.0).
 *
 * Why a port: speed. h3-js runs libh3 compiled to asm.js and wraps every call in two heap
 * allocations, an array map, a split-long read and hex formatting; it coarsens about 0.3-0.65 M
 * points per CPU second, and its compiled core alone (driven through the heap without the wrapper)
 * about 1 M, short of Veil's goal of 1 M points per second per core with room for the caller.
 * h3-js exports no handle on its module, so batching through its heap is not possible through a
 * stable entry. This port follows libh3's arithmetic operation by operation (the same `Math`
 * functions, the same order of floating-point operations, the same constants as the compiled
 * library), so its cells are the same bits; `test/geo/h3.test.ts` checks that against h3-js on
 * millions of points at every resolution, at the poles, along the antimeridian and around the
 * twelve pentagons.
 *
 * The algorithm (H3, Apache-2.0): find the icosahedron face whose centre is nearest, project the
 * point gnomonically onto that face in polar form around the face centre (azimuth measured against
 * the face's i-axis, rotated for class III resolutions), scale to the resolution, quantize the 2D
 * point to hexagon ijk+ coordinates, then walk up the aperture-7 hierarchy to resolution 0 writing
 * one digit per level, look up the base cell and rotate the digits into its orientation (with the
 * pentagon rules for the deleted k-axis sub-sequence).
 */

export const H3_MAX_RESOLUTION = 15;

const TWO_PI = 6.283185307179586;
/** 1 / the gnomonic length of a resolution-0 unit. */
const INV_RES0_U_GNOMONIC = 2.618033988749896;
const SQRT7 = 2.6457513110645907;
/** 1 / sin(60 degrees). */
const RSIN60 = 1.1547005383792515;
/** Rotation between class II and class III grids. */
const AP7_ROT_RADS = 0.3334731722518321;
const ONE_SEVENTH = 0.14285714285714285;
const EPSILON = 1e-16;

/** An argument h3-js rejects too: `code` is h3-js's error code (3 latitude/longitude, 4 resolution). */
export class H3InputError extends RangeError {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
    this.name = 'H3InputError';
  }
}

// Per face: the centre (x, y, z), the unit north direction in the face's tangent plane (n) and
// centre x n, computed once with libh3's own operations so the per-point azimuth matches its bits.
const FACE = new Float64Array(20 * 10);
for (let face = 0; face < 20; face++) {
  const B = FACE_CENTER_POINT[face * 3]!;
  const C = FACE_CENTER_POINT[face * 3 + 1]!;
  const A = FACE_CENTER_POINT[face * 3 + 2]!;
  let e = -(A + (B * 0.0 + C * 0.0));
  let nx = B * e + 0.0;
  let ny = C * e + 0.0;
  e = A * e + 1.0;
  let norm = Math.sqrt(e * e + (nx * nx + ny * ny));
  norm = norm > 0.0 ? 1.0 / norm : 0.0;
  nx *= norm;
  ny *= norm;
  const nz = e * norm;
  FACE.set(
    [B, C, A, nx, ny, nz, A * ny - C * nz, B * nz - A * nx, C * nx - B * ny, FACE_AXIS_AZ_CII[face]!],
    face * 10,
  );
}

let candidates: Uint32Array | undefined;

/**
 * For each 1-degree cell (row = floor(lat + 90), column = floor(lng + 180)), a bit mask of the
 * faces that can be nearest to some point of the cell. With g the nearest face at the cell's centre
 * q and p any point of the cell, |p - q| <= 1 degree of arc (0.01746) and
 * d_f(p) - d_g(p) = 2 (c_g - c_f) . p, so it differs from its value at q by at most 4 |p - q| < 0.07;
 * a face whose squared distance at q exceeds the minimum by more than 0.1 is therefore farther than
 * g everywhere in the cell by more than 0.03, far beyond rounding, and cannot be libh3's choice.
 * Built on first use (64,800 cells x 20 faces).
 */
function faceCandidates(): Uint32Array {
  if (candidates !== undefined) return candidates;
  const table = new Uint32Array(180 * 360);
  const d = new Float64Array(20);
  for (let row = 0; row < 180; row++) {
    const lat = ((row - 89.5) * Math.PI) / 180;
    for (let column = 0; column < 360; column++) {
      const lng = ((column - 179.5) * Math.PI) / 180;
      const x = Math.cos(lat) * Math.cos(lng);
      const y = Math.cos(lat) * Math.sin(lng);
      const z = Math.sin(lat);
      let min = Infinity;
      for (let f = 0; f < 20; f++) {
        d[f] = (FACE[f * 10]! - x) ** 2 + (FACE[f * 10 + 1]! - y) ** 2 + (FACE[f * 10 + 2]! - z) ** 2;
        if (d[f]! < min) min = d[f]!;
      }
      let mask = 0;
      for (let f = 0; f < 20; f++) if (d[f]! - min <= 0.1) mask |= 1 << f;
      table[row * 360 + column] = mask;
    }
  }
  return (candidates = table);
}

function posAngle(a: number): number {
  const b = a < 0.0 ? a + TWO_PI : a;
  return a >= TWO_PI ? b - TWO_PI : b;
}

/**
 * libh3 rounds n * (1/7) with C's `round` for integers n (|n| < 2^25 here: i and j stay below
 * 5e6 even at resolution 15). n / 7 is never within 1/14 of a half-integer and the products' error is
 * below 1e-8, so that is the nearest integer to n / 7, which is floor((n + 3) / 7). Computed as a
 * truncation of a shifted non-negative value (faster than Math.round here):
 * floor(m / 7) = trunc((m + 0.5) / 7) for m >= 0, the quotient staying 1/14 from integers.
 */
const ROUND7_SHIFT = 7 * 2 ** 27;
function round7(n: number): number {
  return (((n + (ROUND7_SHIFT + 3.5)) * ONE_SEVENTH) | 0) - 2 ** 27;
}

// Scratch state of one encoding (single-threaded and synchronous, so never seen half-written):
// the digits of resolutions 1..15, then the low and high 32 bits of the encoded index.
const digits = new Int32Array(16);
const OUT = new Uint32Array(2);

/** Digit rotations: 60 degrees counter-clockwise and clockwise (0 and 7 stay). */
const ROTATE_CCW = Int32Array.from([0, 5, 3, 1, 6, 4, 2, 7]);
const ROTATE_CW = Int32Array.from([0, 3, 6, 2, 5, 1, 4, 7]);
/** ROTATE_CCW applied n times, n = 0..5 (a hexagon's digits rotate as a whole). */
const ROTATE_CCW_TIMES: Int32Array[] = [Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7])];
for (let n = 1; n < 6; n++) ROTATE_CCW_TIMES.push(ROTATE_CCW_TIMES[n - 1]!.map((d) => ROTATE_CCW[d]!));

function rotateAll(res: number, table: Int32Array): void {
  for (let r = 1; r <= res; r++) digits[r] = table[digits[r]!]!;
}

function leadingNonZeroDigit(res: number): number {
  for (let r = 1; r <= res; r++) if (digits[r] !== 0) return digits[r]!;
  return 0;
}

/** Pentagon rotation: skips the deleted k-axis sub-sequence after the first non-zero digit. */
function rotatePent60ccw(res: number): void {
  let found = false;
  for (let r = 1; r <= res; r++) {
    digits[r] = ROTATE_CCW[digits[r]!]!;
    if (!found && digits[r] !== 0) {
      found = true;
      if (leadingNonZeroDigit(res) === 1) rotateAll(res, ROTATE_CCW);
    }
  }
}

/**
 * Encodes the point (degrees, and the same in radians) into OUT. Returns false where libh3 would return its null
 * index (coordinates outside a face's base-cell table, which finite input does not reach).
 */
function encode(lat: number, lng: number, latRad: number, lngRad: number, res: number): boolean {
  // Unit vector of the point.
  const cosLat = Math.cos(latRad);
  const px = cosLat * Math.cos(lngRad);
  const py = cosLat * Math.sin(lngRad);
  const pz = Math.sin(latRad);

  // Nearest face centre by squared chord length: libh3 scans the 20 faces; scanning only the
  // candidates of the point's 1-degree cell (ascending, strict <) finds the same face.
  let face = 0;
  let sqd = 5.0;
  let mask = 0xfffff;
  if (lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180) {
    const row = Math.min(Math.floor(lat + 90), 179);
    const column = Math.min(Math.floor(lng + 180), 359);
    mask = faceCandidates()[row * 360 + column]!;
  }
  while (mask !== 0) {
    const bit = mask & -mask; // lowest candidate first, as libh3's ascending scan
    mask ^= bit;
    const f = 31 - Math.clz32(bit);
    const dx = FACE[f * 10]! - px;
    const dy = FACE[f * 10 + 1]! - py;
    const dz = FACE[f * 10 + 2]! - pz;
    const d = dx * dx + dy * dy + dz * dz;
    if (d < sqd) {
      face = f;
      sqd = d;
    }
  }

  // Polar coordinates on the face: angular distance r, azimuth theta from the face's i-axis.
  let x = 0.0;
  let y = 0.0;
  const dist = Math.acos(1.0 - sqd * 0.5);
  if (!(dist < EPSILON)) {
    const o = face * 10;
    const B = FACE[o]!;
    const C = FACE[o + 1]!;
    const A = FACE[o + 2]!;
    const e = -(px * B + py * C + pz * A);
    let tx = px + B * e;
    let ty = py + C * e;
    const tz0 = pz + A * e;
    let norm = Math.sqrt(tz0 * tz0 + (tx * tx + ty * ty));
    norm = norm > 0.0 ? 1.0 / norm : 0.0;
    tx *= norm;
    ty *= norm;
    const tz = tz0 * norm;
    const azimuth = Math.atan2(
      tz * FACE[o + 8]! + (tx * FACE[o + 6]! + ty * FACE[o + 7]!),
      FACE[o + 5]! * tz + (FACE[o + 3]! * tx + FACE[o + 4]! * ty),
    );
    let theta = posAngle(FACE[o + 9]! - posAngle(azimuth));
    if (res % 2 === 1) theta = posAngle(theta - AP7_ROT_RADS);
    let r = Math.tan(dist) * INV_RES0_U_GNOMONIC;
    for (let i = 0; i < res; i++) r *= SQRT7;
    x = Math.cos(theta) * r;
    y = Math.sin(theta) * r;
  }

  // 2D point -> ijk+ of the containing hexagon.
  const x2 = Math.abs(y) * RSIN60;
  const x1 = Math.abs(x) + x2 * 0.5;
  const m1 = ~~x1;
  const m2 = ~~x2;
  const r1 = x1 - m1;
  const r2 = x2 - m2;
  let i: number;
  let j: number;
  if (r1 < 0.5) {
    if (r1 < 0.3333333333333333) {
      i = m1;
      j = r2 < (r1 + 1.0) * 0.5 ? m2 : m2 + 1;
    } else {
      const c = 1.0 - r1;
      j = r2 < c ? m2 : m2 + 1;
      i = c <= r2 && r2 < r1 * 2.0 ? m1 + 1 : m1;
    }
  } else if (r1 < 0.6666666666666666) {
    const c = 1.0 - r1;
    j = r2 < c ? m2 : m2 + 1;
    i = r1 * 2.0 - 1.0 < r2 && r2 < c ? m1 : m1 + 1;
  } else {
    i = m1 + 1;
    j = r2 < r1 * 0.5 ? m2 : m2 + 1;
  }
  if (x < 0.0) {
    // Fold across the j axis (integers: exact in doubles).
    if (j % 2 === 0) i = 2 * ((j / 2) | 0) - i;
    else i = 2 * (((j + 1) / 2) | 0) - i - 1;
  }
  if (y < 0.0) {
    i -= ((2 * j + 1) / 2) | 0;
    j = -j;
  }
  // Up the aperture-7 hierarchy, one digit per resolution. Normalizing ijk+ only subtracts a
  // multiple of (1, 1, 1), which changes neither i - k, j - k (all the parent step reads) nor the
  // normalized difference, so coordinates are normalized only where libh3's result depends on it:
  // the digit (difference from the centre child) and the final base-cell coordinates.
  let k = 0;
  for (let level = res; level >= 1; level--) {
    const ii = i - k;
    const jj = j - k;
    let pi: number;
    let pj: number;
    let di: number;
    let dj: number;
    let dk: number;
    if (level % 2 === 1) {
      // class III: parent counter-clockwise; centre child (3i + j, 3j + k, i + 3k) with k = 0
      pi = round7(3 * ii - jj);
      pj = round7(ii + 2 * jj);
      di = i - (3 * pi + pj);
      dj = j - 3 * pj;
      dk = k - pi;
    } else {
      // class II: clockwise; centre child (3i + k, i + 3j, j + 3k)
      pi = round7(2 * ii + jj);
      pj = round7(3 * jj - ii);
      di = i - 3 * pi;
      dj = j - (pi + 3 * pj);
      dk = k - pj;
    }
    const min = Math.min(di, dj, dk);
    di -= min;
    dj -= min;
    dk -= min;
    // A unit ijk+ vector (all of i, j, k in {0, 1}) is the digit 4i + 2j + k; anything else is
    // invalid (7).
    digits[level] = (di | dj | dk) <= 1 ? di * 4 + dj * 2 + dk : 7;
    i = pi;
    j = pj;
    k = 0;
  }
  let min = i < j ? i : j;
  if (k < min) min = k;
  i -= min;
  j -= min;
  k -= min;
  if (i > 2 || j > 2 || k > 2) return false;

  const slot = face * 27 + i * 9 + j * 3 + k;
  const baseCell = FACE_IJK_BASE_CELL[slot]!;
  const rotations = FACE_IJK_BASE_CELL_ROT[slot]!;
  let rotate = ROTATE_CCW_TIMES[rotations]!;
  if (BASE_CELL_IS_PENTAGON[baseCell] === 1) {
    if (leadingNonZeroDigit(res) === 1) {
      const cwOffset =
        BASE_CELL_CW_OFFSET_FACES[baseCell * 2] === face ||
        BASE_CELL_CW_OFFSET_FACES[baseCell * 2 + 1] === face;
      rotateAll(res, cwOffset ? ROTATE_CW : ROTATE_CCW);
    }
    for (let n = 0; n < rotations; n++) rotatePent60ccw(res);
    rotate = ROTATE_CCW_TIMES[0]!;
  }

  // Pack: mode 1 (bit 59), resolution (52-55), base cell (45-51), digit r at bit 3 * (15 - r), 7
  // for unused digits. Digits 1..5 (bits 30-44) straddle the two 32-bit halves.
  let top = 0;
  let bottom = 0;
  for (let r = 1; r <= 15; r++) {
    const digit = r <= res ? rotate[digits[r]!]! : 7;
    if (r <= 5) top = (top << 3) | digit;
    else bottom = (bottom << 3) | digit;
  }
  OUT[0] = bottom | ((top & 3) << 30);
  OUT[1] = 0x08000000 | (res << 20) | (baseCell << 13) | (top >> 2);
  return true;
}

/** Validates like h3-js (resolution truncated to an integer, then 0..15; finite radians) and encodes. */
function encodeDegrees(lat: number, lng: number, res: number): void {
  const resolution = res | 0;
  if (resolution >>> 0 > H3_MAX_RESOLUTION) {
    throw new H3InputError('H3 resolution must be in [0, 15]', 4);
  }
  const latRad = (lat * Math.PI) / 180;
  const lngRad = (lng * Math.PI) / 180;
  if (!Number.isFinite(latRad) || !Number.isFinite(lngRad)) {
    throw new H3InputError('latitude and longitude must be finite', 3);
  }
  if (!encode(lat, lng, latRad, lngRad, resolution)) throw new Error('H3 encoding left the base-cell table');
}

const HEX_CODES = Int32Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** The h3-js string of a 64-bit index given as unsigned 32-bit halves (hex, no leading zeros). */
export function h3SplitToString(low: number, high: number): string {
  const h = HEX_CODES;
  if (high >>> 24 !== 8) {
    return (high >>> 0).toString(16) + (low >>> 0).toString(16).padStart(8, '0');
  }
  // Every cell index: high = 0x08xxxxxx, so 15 hex digits.
  return String.fromCharCode(
    56,
    h[(high >>> 20) & 15]!,
    h[(high >>> 16) & 15]!,
    h[(high >>> 12) & 15]!,
    h[(high >>> 8) & 15]!,
    h[(high >>> 4) & 15]!,
    h[high & 15]!,
    h[low >>> 28]!,
    h[(low >>> 24) & 15]!,
    h[(low >>> 20) & 15]!,
    h[(low >>> 16) & 15]!,
    h[(low >>> 12) & 15]!,
    h[(low >>> 8) & 15]!,
    h[(low >>> 4) & 15]!,
    h[low & 15]!,
  );
}

/**
 * Direct-mapped cache of formatted cells: points close together share cells, and a hit returns
 * the same string without building one. Keyed by both halves of the index (hence resolution too).
 */
const CACHE_BITS = 14;
const cacheLow = new Uint32Array(1 << CACHE_BITS);
const cacheHigh = new Uint32Array(1 << CACHE_BITS); // 0 = empty: no cell has high 0
const cacheText: string[] = new Array<string>(1 << CACHE_BITS).fill('');

function formatCell(low: number, high: number): string {
  const slot = Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> (32 - CACHE_BITS);
  if (cacheLow[slot] === low && cacheHigh[slot] === high) return cacheText[slot]!;
  const text = h3SplitToString(low, high);
  cacheLow[slot] = low;
  cacheHigh[slot] = high;
  cacheText[slot] = text;
  return text;
}

/** The H3 cell (h3-js string form) containing the point (degrees) at `res`; same as h3-js. */
export function latLngToCell(lat: number, lng: number, res: number): string {
  encodeDegrees(lat, lng, res);
  return formatCell(OUT[0]!, OUT[1]!);
}

/**
 * The cell containing the point as an exact integer (< 2^52) that identifies it among the cells of
 * resolution `res`: the index's low 52 bits (base cell and digits; mode and resolution are implied).
 * For interning cells without building strings; `cellKeyToCell` gives the h3-js string back.
 */
export function latLngToCellKey(lat: number, lng: number, res: number): number {
  encodeDegrees(lat, lng, res);
  return (OUT[1]! & 0xfffff) * 4294967296 + OUT[0]!;
}

/** The h3-js string of a cell given by `latLngToCellKey` at resolution `res`. */
export function cellKeyToCell(key: number, res: number): string {
  const high = Math.floor(key / 4294967296);
  return h3SplitToString(key % 4294967296, (0x08000000 | ((res & 15) << 20) | high) >>> 0);
}
