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
 * stable entry. The port gives the same cells as libh3, and its slow path (`locateExact`) follows
 * libh3's arithmetic operation by operation (the same `Math` functions, the same order of
 * floating-point operations, the same constants as the compiled library), so its cells are the
 * same bits. The fast path (`locateFast`) replaces the nine transcendental calls per point by table
 * look-ups and algebra, and accepts its answer only where it is certain to be libh3's: its error
 * against libh3's rounding is bounded (and measured far below the bound), and the point must be
 * clear of every decision boundary by more than that; elsewhere (about 1 point in 14,000 at res
 * 15, fewer at coarser ones) the slow path decides. `test/geo/h3.test.ts` checks the result against
 * h3-js on millions of points at every resolution, at the poles, along the antimeridian, around
 * the twelve pentagons, on face and hexagon edges and near face centres.
 *
 * The algorithm (H3, Apache-2.0): find the icosahedron face whose centre is nearest, project the
 * point gnomonically onto that face in polar form around the face centre (azimuth measured against
 * the face's i-axis, rotated for class III resolutions), scale to the resolution, quantize the 2D
 * point to hexagon ijk+ coordinates, then walk up the aperture-7 hierarchy to resolution 0 writing
 * one digit per level (here up to four levels per table look-up), look up the base cell and rotate
 * the digits into its orientation (with the pentagon rules for the deleted k-axis sub-sequence).
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

// Per face and grid class (II even resolutions, III odd): unit vectors u, v of the face's
// tangent plane along its i-axis and 90 degrees from it (theta = 0 and 90 degrees in libh3's polar
// form), for the algebraic gnomonic projection in `locateFast`; and the face centres again, packed.
const FRAME = new Float64Array(20 * 2 * 6);
const FACE_CENTER = Float64Array.from(FACE_CENTER_POINT);
for (let face = 0; face < 20; face++) {
  for (let cls = 0; cls < 2; cls++) {
    const axis = FACE[face * 10 + 9]! - (cls === 1 ? AP7_ROT_RADS : 0);
    const cos = Math.cos(axis);
    const sin = Math.sin(axis);
    for (let k = 0; k < 3; k++) {
      const north = FACE[face * 10 + 3 + k]!;
      const east = FACE[face * 10 + 6 + k]!;
      FRAME[(face * 2 + cls) * 6 + k] = cos * north + sin * east;
      FRAME[(face * 2 + cls) * 6 + 3 + k] = sin * north - cos * east;
    }
  }
}
/** Per resolution: the gnomonic scale (1 / res-0 unit length x sqrt 7 ^ res), and 5 x sqrt 7 ^ res. */
const SCALE = new Float64Array(16);
const TOLERANCE = new Float64Array(16);
for (let res = 0; res <= 15; res++) {
  SCALE[res] = INV_RES0_U_GNOMONIC * SQRT7 ** res;
  TOLERANCE[res] = 5 * SQRT7 ** res;
}

let faceCells: Uint8Array | undefined;
/** The candidate sets of `faceCells` with more than one face, as bit masks. */
const FACE_MASKS = new Uint32Array(256);

/** The `faceTable` index of a point in range (latitude -90..90, longitude -180..180 degrees). */
function faceCell(lat: number, lng: number): number {
  const row = ((lat + 90) * 0.5) | 0; // floor of a non-negative number
  const column = ((lng + 180) * 0.5) | 0;
  return (row < 89 ? row : 89) * 180 + (column < 179 ? column : 179);
}

/**
 * For each 2-degree cell (row = floor((lat + 90) / 2), column = floor((lng + 180) / 2); 16 KB, so it
 * stays in the L1 cache), the faces that can be nearest to some point of the cell: the face itself
 * (0..19) when it is the only one (most of the sphere), else 20 + the index of their bit mask in
 * FACE_MASKS. With g the nearest face at the cell's centre q and p any point of the cell,
 * |p - q| <= 2 degrees of arc (0.0349; the half-diagonal is at most 1.42) and
 * d_f(p) - d_g(p) = |c_f|^2 - |c_g|^2 + 2 (c_g - c_f) . p, so it differs from its value at q by at
 * most 2 |c_g - c_f| |p - q|; a face for which that value at q exceeds the bound by more than 0.01
 * is farther than g everywhere in the cell, far beyond rounding, and cannot be libh3's choice.
 * Built on first use (16,200 cells x 20 faces).
 */
function faceTable(): Uint8Array {
  if (faceCells !== undefined) return faceCells;
  const table = new Uint8Array(90 * 180);
  const masks = new Map<number, number>();
  const d = new Float64Array(20);
  const margin = new Float64Array(400); // 2 |c_g - c_f| x 0.0349 + 0.01 per pair (g, f)
  for (let g = 0; g < 20; g++) {
    for (let f = 0; f < 20; f++) {
      const chord = Math.hypot(
        FACE[f * 10]! - FACE[g * 10]!,
        FACE[f * 10 + 1]! - FACE[g * 10 + 1]!,
        FACE[f * 10 + 2]! - FACE[g * 10 + 2]!,
      );
      margin[g * 20 + f] = 2 * chord * 0.0349 + 0.01;
    }
  }
  for (let row = 0; row < 90; row++) {
    const lat = ((row * 2 - 89) * Math.PI) / 180;
    for (let column = 0; column < 180; column++) {
      const lng = ((column * 2 - 179) * Math.PI) / 180;
      const x = Math.cos(lat) * Math.cos(lng);
      const y = Math.cos(lat) * Math.sin(lng);
      const z = Math.sin(lat);
      let g = 0;
      for (let f = 0; f < 20; f++) {
        d[f] = (FACE[f * 10]! - x) ** 2 + (FACE[f * 10 + 1]! - y) ** 2 + (FACE[f * 10 + 2]! - z) ** 2;
        if (d[f]! < d[g]!) g = f;
      }
      let mask = 0;
      for (let f = 0; f < 20; f++) if (d[f]! - d[g]! <= margin[g * 20 + f]!) mask |= 1 << f;
      if ((mask & (mask - 1)) === 0) {
        table[row * 180 + column] = g;
      } else {
        let index = masks.get(mask);
        if (index === undefined) {
          index = masks.size;
          if (index >= 256 - 20) throw new Error('H3 face table: too many candidate sets');
          masks.set(mask, index);
          FACE_MASKS[index] = mask;
        }
        table[row * 180 + column] = 20 + index;
      }
    }
  }
  return (faceCells = table);
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

/** Scratch: the parent (i, j) from `upOne`. */
const STEP = new Int32Array(2);

/**
 * One step up the aperture-7 hierarchy, as libh3's `_upAp7` (odd levels, class III, parent
 * counter-clockwise) or `_upAp7r` (even, class II, clockwise) and `_unitIjkToDigit`: the parent of
 * hexagon (i, j, 0) at `level` into STEP (as (i - k, j - k): normalizing ijk+ only subtracts a
 * multiple of (1, 1, 1), which no later step reads), and the digit returned: the child's offset
 * from the parent's centre child, a unit ijk+ vector (i, j, k in {0, 1}) read as 4i + 2j + k, or 7
 * (invalid) for anything else.
 */
function upOne(i: number, j: number, level: number): number {
  let pi: number;
  let pj: number;
  let di: number;
  let dj: number;
  let dk: number;
  if (level % 2 === 1) {
    // centre child (3i + j, 3j, i)
    pi = round7(3 * i - j);
    pj = round7(i + 2 * j);
    di = i - (3 * pi + pj);
    dj = j - 3 * pj;
    dk = -pi;
  } else {
    // centre child (3i, i + 3j, j)
    pi = round7(2 * i + j);
    pj = round7(3 * j - i);
    di = i - 3 * pi;
    dj = j - (pi + 3 * pj);
    dk = -pj;
  }
  const min = Math.min(di, dj, dk);
  di -= min;
  dj -= min;
  dk -= min;
  STEP[0] = pi;
  STEP[1] = pj;
  return (di | dj | dk) <= 1 ? di * 4 + dj * 2 + dk : 7;
}

/**
 * Tables for walking up 2 or 4 levels at once. The centre-child maps of a class II and a class III
 * level compose to a scaling by 7 (either order), and each step commutes with shifts by its
 * centre-child lattice (round7(n + 7m) = round7(n) + m). So shifting a hexagon by 7^(n/2) (a, b)
 * shifts its ancestor n levels up by (a, b) and leaves the n digits unchanged: both depend only on
 * (i mod 7^(n/2), j mod 7^(n/2)) and the parity of the starting level. One lookup then replaces n
 * dependent roundings (the latency chain that dominated the walk). Entry at
 * parity * m^2 + (i mod m) * m + (j mod m), m = 7^(n/2): the digits of the starting level and the
 * ones below in bits 0-2, 3-5, ..., and the ancestor of (i mod m, j mod m) plus 8 in bits 12-15
 * (i) and 16-19 (j). Built with `upOne`, so equal to the level-by-level walk by construction.
 */
function upTable(levels: number): Int32Array {
  const m = 7 ** (levels / 2);
  const table = new Int32Array(2 * m * m);
  for (let parity = 0; parity < 2; parity++) {
    for (let ri = 0; ri < m; ri++) {
      for (let rj = 0; rj < m; rj++) {
        let i = ri;
        let j = rj;
        let entry = 0;
        for (let n = 0; n < levels; n++) {
          entry |= upOne(i, j, parity + n) << (3 * n); // parity + n: the levels' classes alternate
          i = STEP[0]!;
          j = STEP[1]!;
        }
        if (i < -8 || i > 7 || j < -8 || j > 7) throw new Error('H3 walk table offset out of range');
        table[parity * m * m + ri * m + rj] = entry | ((i + 8) << 12) | ((j + 8) << 16);
      }
    }
  }
  return table;
}
const UP4 = upTable(4);
const UP2 = upTable(2);

// Scratch state of one encoding (single-threaded and synchronous, so never seen half-written):
// the digits of resolutions 1..15, then the low and high 32 bits of the encoded index.
const digits = new Int32Array(16);
const OUT = new Uint32Array(2);

/** Digit rotation by 60 degrees counter-clockwise (0 and 7 stay). */
const ROTATE_CCW = Int32Array.from([0, 5, 3, 1, 6, 4, 2, 7]);
/** ROTATE_CCW applied n times, n = 0..5 (a hexagon's digits rotate as a whole). */
const ROTATE_CCW_TIMES: Int32Array[] = [Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7])];
for (let n = 1; n < 6; n++) ROTATE_CCW_TIMES.push(ROTATE_CCW_TIMES[n - 1]!.map((d) => ROTATE_CCW[d]!));

/**
 * The rotation (in 60-degree ccw steps, mod 6) that libh3 applies to the digits of a cell on a
 * pentagon base cell: first one step out of the deleted k-axis sub-sequence if the leading
 * non-zero digit is 1 (cw on the base cell's cw-offset faces, else ccw), then `rotations` times
 * `_h3RotatePent60ccw`, which rotates every digit once more when the leading digit would become 1.
 * Zero digits stay zero and every digit turns alike, so following the leading digit alone gives
 * the whole rotation.
 */
function pentagonRotation(res: number, face: number, baseCell: number, rotations: number): number {
  let lead = 0;
  for (let r = 1; r <= res; r++) {
    if (digits[r] !== 0) {
      lead = digits[r]!;
      break;
    }
  }
  let total = 0;
  if (lead === 1) {
    const cwOffset =
      BASE_CELL_CW_OFFSET_FACES[baseCell * 2] === face ||
      BASE_CELL_CW_OFFSET_FACES[baseCell * 2 + 1] === face;
    total = cwOffset ? 5 : 1;
    lead = ROTATE_CCW_TIMES[total]![lead]!;
  }
  for (let n = 0; n < rotations; n++) {
    const turns = ROTATE_CCW[lead] === 1 ? 2 : 1;
    total += turns;
    lead = ROTATE_CCW_TIMES[turns]![lead]!;
  }
  return total % 6;
}

/**
 * FACE_IJK_BASE_CELL, FACE_IJK_BASE_CELL_ROT and BASE_CELL_IS_PENTAGON in one local table (one load
 * per point instead of three through the module imports): base cell in bits 0-6, ccw rotations in
 * bits 7-9, 1024 for a pentagon.
 */
const BASE_CELL_AT = Uint16Array.from(
  FACE_IJK_BASE_CELL,
  (cell, slot) => cell | (FACE_IJK_BASE_CELL_ROT[slot]! << 7) | (BASE_CELL_IS_PENTAGON[cell]! << 10),
);

// Scratch (i, j) of the hexagon found by `quantize` / `quantizeFast` (k = 0).
const IJ = new Int32Array(2);

/** libh3's `_hex2dToCoordIJK`: the ijk+ hexagon (k = 0) containing the 2D point (x, y), into IJ. */
function quantize(x: number, y: number): void {
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
  IJ[0] = i;
  IJ[1] = j;
}

/**
 * The hexagon (i, j, 0) whose centre is nearest to (x, y), into IJ, or false when (x, y) is within
 * `tol` of a hexagon edge. Branch-free (the branches of `quantize` are unpredictable and cost a
 * quarter of the fast path): (x, y) in the i, j basis splits into a lattice rhombus (floor) and a
 * position in it; the rhombus's short diagonal cuts it into two equilateral triangles, and in a
 * triangle the nearest corner is the one with the largest barycentric weight, the distance to the
 * edge between two corners' hexagons being half the difference of their weights (the other
 * neighbours' edges are farther). libh3's quantizer returns the nearest centre too (its thresholds
 * are the same bisectors; checked against it on 20 million random points and 4 million accepted
 * points next to edges). So when (x, y) is more than `tol` inside its hexagon, libh3's own (x, y),
 * within tol / 5 of it, and that quantizer's rounding (1e-15 |x|, far below `tol`) land in it too.
 */
function quantizeFast(x: number, y: number, tol: number): boolean {
  const fj = y * RSIN60;
  const fi = x + fj * 0.5;
  const m1 = Math.floor(fi);
  const m2 = Math.floor(fj);
  const r1 = fi - m1;
  const r2 = fj - m2;
  // Corners: A = (0, 0) weight 1 - max(r1, r2); C = (1, 1) weight min(r1, r2); the side corner
  // S = (1, 0) if r1 >= r2 else (0, 1), weight |r1 - r2|. The weights sum to 1.
  const high = r1 > r2 ? r1 : r2;
  const low = r1 > r2 ? r2 : r1;
  const wA = 1 - high;
  const wC = low;
  const wS = high - low;
  const max = Math.max(wA, wC, wS);
  const mid = 1 - max - Math.min(wA, wC, wS);
  if (max - mid < 2 * tol) return false;
  const pickC = +(wC === max);
  const pickS = +(wS === max);
  IJ[0] = m1 + pickC + (pickS & +(r1 > r2));
  IJ[1] = m2 + pickC + (pickS & +(r2 > r1));
  return true;
}

/**
 * libh3's polar form of the point on its face, operation by operation (angular distance by acos,
 * azimuth by atan2 against the face's north, tan for the gnomonic radius, then cos and sin), into
 * XY: the reference the fast projection in `locateFast` is checked against, and its fallback.
 */
const XY = new Float64Array(2);
function projectExact(px: number, py: number, pz: number, face: number, sqd: number, res: number): void {
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
  XY[0] = x;
  XY[1] = y;
}

/** sin and cos of the whole degrees -180..180 (index + 180), for `locateFast`. */
const SIN_DEGREE = new Float64Array(361);
const COS_DEGREE = new Float64Array(361);
for (let k = -180; k <= 180; k++) {
  SIN_DEGREE[k + 180] = Math.sin((k * Math.PI) / 180);
  COS_DEGREE[k + 180] = Math.cos((k * Math.PI) / 180);
}
const RADIANS_PER_DEGREE = Math.PI / 180;
/** Scratch: the face found by the last `locateFast` / `locateExact` (the hexagon is in IJ). */
const LOCATED = new Int32Array(1);

/**
 * libh3's face and hexagon (i, j at `res`) for a point with latitude in [-90, 90] and longitude in
 * [-180, 180] degrees, computed without libh3's transcendental calls, or false when that cannot be
 * certain (rare; `locateExact` then decides).
 *
 * - Unit vector: sin and cos of the nearest whole degree from a table, the remainder (at most half a
 *   degree) by Taylor polynomials exact to 1e-18, combined by the angle-sum formulas: within 1e-15
 *   of libh3's Math.sin/Math.cos vector (largest difference seen over 5 million points: 9.4e-16).
 * - Face: the candidates of the point's 1-degree cell. A single candidate is certain (the table
 *   leaves 0.01 of margin); among several, the nearest must beat the next by 1e-12, far beyond the
 *   vector's error, so libh3's exact distances pick the same face.
 * - Position on the face: libh3 goes through polar coordinates (acos, atan2, tan, cos, sin); the
 *   same point is the gnomonic projection p / (p . c) - c in the face's (rotated) i-axis frame:
 *   x = s (p . u) / (p . c), y = s (p . v) / (p . c) with the resolution's scale s. That differs
 *   from libh3's rounding of it by a few 1e-16 / chord in resolution-0 units (the largest seen over
 *   millions of points, including near face centres: 4.6e-16 / chord + 2.5e-15), so the hexagon is
 *   libh3's whenever the point is farther than a bound 200 times that from the hexagon's edges
 *   (`quantizeFast`; about 1 point in 14,000 at res 15 is not, none in a million at res 8).
 */
function locateFast(lat: number, lng: number, res: number): boolean {
  const a = (lat + 180.5) | 0; // nearest whole degree + 180 (truncation of a positive number)
  const b = (lng + 180.5) | 0;
  const da = (lat - (a - 180)) * RADIANS_PER_DEGREE; // the subtraction is exact
  const db = (lng - (b - 180)) * RADIANS_PER_DEGREE;
  const da2 = da * da;
  const db2 = db * db;
  const sinDa = da * (1 - da2 * (1 / 6 - da2 * (1 / 120)));
  const cosDa = 1 - da2 * (0.5 - da2 * (1 / 24 - da2 * (1 / 720)));
  const sinDb = db * (1 - db2 * (1 / 6 - db2 * (1 / 120)));
  const cosDb = 1 - db2 * (0.5 - db2 * (1 / 24 - db2 * (1 / 720)));
  const sinLat = SIN_DEGREE[a]! * cosDa + COS_DEGREE[a]! * sinDa;
  const cosLat = COS_DEGREE[a]! * cosDa - SIN_DEGREE[a]! * sinDa;
  const px = cosLat * (COS_DEGREE[b]! * cosDb - SIN_DEGREE[b]! * sinDb);
  const py = cosLat * (SIN_DEGREE[b]! * cosDb + COS_DEGREE[b]! * sinDb);
  const pz = sinLat;

  const entry = faceTable()[faceCell(lat, lng)]!;
  let face: number;
  let sqd: number;
  if (entry < 20) {
    face = entry;
    const dx = FACE[face * 10]! - px;
    const dy = FACE[face * 10 + 1]! - py;
    const dz = FACE[face * 10 + 2]! - pz;
    sqd = dx * dx + dy * dy + dz * dz;
  } else {
    face = 0;
    sqd = 5.0;
    let next = 5.0;
    let mask = FACE_MASKS[entry - 20]!;
    while (mask !== 0) {
      const bit = mask & -mask;
      mask ^= bit;
      const f = 31 - Math.clz32(bit);
      const dx = FACE[f * 10]! - px;
      const dy = FACE[f * 10 + 1]! - py;
      const dz = FACE[f * 10 + 2]! - pz;
      const d = dx * dx + dy * dy + dz * dz;
      if (d < sqd) {
        next = sqd;
        face = f;
        sqd = d;
      } else if (d < next) {
        next = d;
      }
    }
    if (next - sqd < 1e-12) return false;
  }
  if (!(sqd > 1e-12)) return false; // at a face centre: 1 / chord below is unbounded

  const c = face * 3;
  const u = (face * 2 + (res & 1)) * 6;
  const s = SCALE[res]! / (px * FACE_CENTER[c]! + py * FACE_CENTER[c + 1]! + pz * FACE_CENTER[c + 2]!);
  const x = (px * FRAME[u]! + py * FRAME[u + 1]! + pz * FRAME[u + 2]!) * s;
  const y = (px * FRAME[u + 3]! + py * FRAME[u + 4]! + pz * FRAME[u + 5]!) * s;
  LOCATED[0] = face;
  return quantizeFast(x, y, TOLERANCE[res]! * (1e-13 / Math.sqrt(sqd) + 1e-12));
}

/** libh3's face and hexagon, operation by operation (the reference `locateFast` is tested against). */
function locateExact(lat: number, lng: number, latRad: number, lngRad: number, res: number): void {
  const cosLat = Math.cos(latRad);
  const px = cosLat * Math.cos(lngRad);
  const py = cosLat * Math.sin(lngRad);
  const pz = Math.sin(latRad);

  // Nearest face centre by squared chord length: libh3 scans the 20 faces; scanning only the
  // candidates of the point's 1-degree cell (ascending, strict <) finds the same face.
  let mask = 0xfffff;
  if (lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180) {
    const entry = faceTable()[faceCell(lat, lng)]!;
    mask = entry < 20 ? 1 << entry : FACE_MASKS[entry - 20]!;
  }
  let face = 0;
  let sqd = 5.0;
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
  projectExact(px, py, pz, face, sqd, res);
  quantize(XY[0]!, XY[1]!);
  LOCATED[0] = face;
}

/**
 * Encodes the point (degrees, and the same in radians) into OUT. Returns false where libh3 would
 * return its null index (coordinates outside a face's base-cell table, which finite input does not
 * reach).
 */
function encode(lat: number, lng: number, latRad: number, lngRad: number, res: number): boolean {
  const inRange = lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180;
  if (!(inRange && locateFast(lat, lng, res))) locateExact(lat, lng, latRad, lngRad, res);
  const face = LOCATED[0]!;
  let i = IJ[0]!;
  let j = IJ[1]!;
  // Up the aperture-7 hierarchy to resolution 0, four, two or one levels per step (see `UP4`).
  let level = res;
  while (level >= 4) {
    let ri = i % 49;
    let rj = j % 49;
    ri += (ri >> 31) & 49; // a negative remainder (i < 0) -> i mod 49 in 0..48
    rj += (rj >> 31) & 49;
    const entry = UP4[(level & 1) * 2401 + ri * 49 + rj]!;
    i = ((i - ri) / 49 + ((entry >> 12) & 15) - 8) | 0;
    j = ((j - rj) / 49 + ((entry >> 16) & 15) - 8) | 0;
    digits[level] = entry & 7;
    digits[level - 1] = (entry >> 3) & 7;
    digits[level - 2] = (entry >> 6) & 7;
    digits[level - 3] = (entry >> 9) & 7;
    level -= 4;
  }
  if (level >= 2) {
    let ri = i % 7;
    let rj = j % 7;
    ri += (ri >> 31) & 7;
    rj += (rj >> 31) & 7;
    const entry = UP2[(level & 1) * 49 + ri * 7 + rj]!;
    i = ((i - ri) / 7 + ((entry >> 12) & 15) - 8) | 0;
    j = ((j - rj) / 7 + ((entry >> 16) & 15) - 8) | 0;
    digits[level] = entry & 7;
    digits[level - 1] = (entry >> 3) & 7;
    level -= 2;
  }
  if (level === 1) {
    digits[1] = upOne(i, j, 1);
    i = STEP[0]!;
    j = STEP[1]!;
  }
  // Normalize the resolution-0 ijk+ (i, j, 0).
  let k = 0;
  let min = i < j ? i : j;
  if (k < min) min = k;
  i -= min;
  j -= min;
  k -= min;
  if (i > 2 || j > 2 || k > 2) return false;

  const slot = face * 27 + i * 9 + j * 3 + k;
  const entry = BASE_CELL_AT[slot]!;
  const baseCell = entry & 127;
  const rotations = (entry >> 7) & 7;
  const rotate =
    ROTATE_CCW_TIMES[entry >= 1024 ? pentagonRotation(res, face, baseCell, rotations) : rotations]!;

  // Pack: mode 1 (bit 59), resolution (52-55), base cell (45-51), digit r at bit 3 * (15 - r), 7
  // for unused digits (rotations keep 7). Digits 1..5 (bits 30-44) straddle the two 32-bit halves.
  for (let r = res + 1; r <= 15; r++) digits[r] = 7;
  const d = digits;
  const top = (rotate[d[1]!]! << 12) | (rotate[d[2]!]! << 9) | (rotate[d[3]!]! << 6) | (rotate[d[4]!]! << 3);
  const bottom =
    (rotate[d[6]!]! << 27) |
    (rotate[d[7]!]! << 24) |
    (rotate[d[8]!]! << 21) |
    (rotate[d[9]!]! << 18) |
    (rotate[d[10]!]! << 15) |
    (rotate[d[11]!]! << 12) |
    (rotate[d[12]!]! << 9) |
    (rotate[d[13]!]! << 6) |
    (rotate[d[14]!]! << 3) |
    rotate[d[15]!]!;
  const digit5 = rotate[d[5]!]!;
  OUT[0] = bottom | ((digit5 & 3) << 30);
  OUT[1] = 0x08000000 | (res << 20) | (baseCell << 13) | ((top | digit5) >> 2);
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
