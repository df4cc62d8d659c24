import { UsageError } from '../core/errors.js';
import { latLngToCellKey } from './h3.js';
import { SeededRandom, type RandomSource } from './random.js';
import type { Traces } from './trace.js';

/**
 * Unicity of traces (de Montjoye, Hidalgo, Verleysen, Blondel, Sci. Rep. 2013): the share of
 * subjects whose trace is the only one containing p points drawn at random from it. A point is
 * spatio-temporal: the H3 cell at `resolution` plus the time bucket (default: the hour).
 */
export interface UnicityOptions {
  resolution?: number;
  bucketMs?: number;
  /** Values of p to test; default 1..5. */
  points?: number[];
  /** Subjects sampled (all when absent or larger than the population). */
  samples?: number;
  /** Seed of the HMAC-DRBG used for sampling, so the same data and seed give the same report. */
  seed?: string;
}

export interface UnicityAtP {
  p: number;
  /** Sampled subjects with at least p distinct points. */
  tested: number;
  unique: number;
  unicity: number;
  /** Binomial standard error of `unicity`. */
  standardError: number;
}

export interface UnicityReport {
  resolution: number;
  bucketMs: number;
  subjects: number;
  distinctPoints: number;
  seed: string;
  byP: UnicityAtP[];
}

/** Subject -> sorted distinct point ids, and point id -> sorted subject ids (CSR arrays). */
export interface PointIndex {
  subjectStart: Uint32Array;
  subjectPoints: Uint32Array;
  postingStart: Uint32Array;
  postingSubjects: Uint32Array;
  distinctPoints: number;
}

/**
 * Interns (cell, bucket) pairs to dense ids: one h3 lookup per point, cells interned by their exact
 * numeric key (no cell string is built), pairs by a numeric key.
 */
export function pointIds(
  traces: Traces,
  resolution: number,
  bucketMs: number,
): { ids: Uint32Array; distinct: number } {
  const buckets = new Float64Array(traces.length);
  let minBucket = Number.POSITIVE_INFINITY;
  let maxBucket = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < traces.length; i++) {
    const b = Math.floor(traces.time[i]! / bucketMs);
    buckets[i] = b;
    if (b < minBucket) minBucket = b;
    if (b > maxBucket) maxBucket = b;
  }
  const span = traces.length === 0 ? 1 : maxBucket - minBucket + 1;
  const cells = new Map<number, number>();
  const pairs = new Map<number, number>();
  const ids = new Uint32Array(traces.length);
  for (let i = 0; i < traces.length; i++) {
    const cell = latLngToCellKey(traces.lat[i]!, traces.lng[i]!, resolution);
    let cellId = cells.get(cell);
    if (cellId === undefined) cells.set(cell, (cellId = cells.size));
    const key = cellId * span + (buckets[i]! - minBucket);
    let id = pairs.get(key);
    if (id === undefined) pairs.set(key, (id = pairs.size));
    ids[i] = id;
  }
  return { ids, distinct: pairs.size };
}

/** Builds both directions of the subject/point incidence from one sort of (subject, point) keys. */
export function buildPointIndex(
  subjectOf: Int32Array,
  ids: Uint32Array,
  subjects: number,
  distinct: number,
): PointIndex {
  const keys = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) keys[i] = subjectOf[i]! * distinct + ids[i]!;
  keys.sort();
  const subjectStart = new Uint32Array(subjects + 1);
  const postingStart = new Uint32Array(distinct + 1);
  const pairs: number[] = [];
  let previous = -1;
  for (const key of keys) {
    if (key === previous) continue;
    previous = key;
    pairs.push(key);
    subjectStart[Math.floor(key / distinct) + 1]! += 1;
    postingStart[(key % distinct) + 1]! += 1;
  }
  for (let s = 1; s <= subjects; s++) subjectStart[s]! += subjectStart[s - 1]!;
  for (let p = 1; p <= distinct; p++) postingStart[p]! += postingStart[p - 1]!;
  const subjectPoints = new Uint32Array(pairs.length);
  const postingSubjects = new Uint32Array(pairs.length);
  const fill = postingStart.slice(0, distinct);
  pairs.forEach((key, i) => {
    const point = key % distinct;
    subjectPoints[i] = point; // pairs are sorted by subject, then point
    postingSubjects[fill[point]!++] = Math.floor(key / distinct); // ascending subjects per point
  });
  return { subjectStart, subjectPoints, postingStart, postingSubjects, distinctPoints: distinct };
}

function contains(list: Uint32Array, from: number, to: number, value: number): boolean {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = list[mid]!;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** How many subjects have every one of `points`; stops counting at 2 (only uniqueness matters). */
export function matchingSubjects(index: PointIndex, points: number[]): number {
  const sorted = [...points].sort(
    (a, b) =>
      index.postingStart[a + 1]! -
      index.postingStart[a]! -
      (index.postingStart[b + 1]! - index.postingStart[b]!),
  );
  const first = sorted[0]!;
  let matches = 0;
  for (let i = index.postingStart[first]!; i < index.postingStart[first + 1]!; i++) {
    const subject = index.postingSubjects[i]!;
    const inAll = sorted.every(
      (p, j) =>
        j === 0 ||
        contains(index.postingSubjects, index.postingStart[p]!, index.postingStart[p + 1]!, subject),
    );
    if (inAll && ++matches >= 2) return matches;
  }
  return matches;
}

/** p distinct points of one subject, by partial Fisher–Yates over a copy of its point list. */
function samplePoints(index: PointIndex, subject: number, p: number, random: RandomSource): number[] {
  const own = index.subjectPoints.slice(index.subjectStart[subject]!, index.subjectStart[subject + 1]!);
  for (let i = 0; i < p; i++) {
    const j = i + random.nextInt(own.length - i);
    [own[i], own[j]] = [own[j]!, own[i]!];
  }
  return [...own.subarray(0, p)];
}

function sampleSubjects(count: number, samples: number, random: RandomSource): Uint32Array {
  const all = Uint32Array.from({ length: count }, (_, i) => i);
  const take = Math.min(count, samples);
  for (let i = 0; i < take; i++) {
    const j = i + random.nextInt(count - i);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.subarray(0, take);
}

function unicityAtP(index: PointIndex, subjects: Uint32Array, p: number, random: RandomSource): UnicityAtP {
  let tested = 0;
  let unique = 0;
  for (const subject of subjects) {
    if (index.subjectStart[subject + 1]! - index.subjectStart[subject]! < p) continue;
    tested++;
    if (matchingSubjects(index, samplePoints(index, subject, p, random)) === 1) unique++;
  }
  const unicity = tested === 0 ? 0 : unique / tested;
  const standardError = tested === 0 ? 0 : Math.sqrt((unicity * (1 - unicity)) / tested);
  return { p, tested, unique, unicity, standardError };
}

export function traceUnicity(traces: Traces, options: UnicityOptions = {}): UnicityReport {
  const resolution = options.resolution ?? 8;
  const bucketMs = options.bucketMs ?? 3_600_000;
  const seed = options.seed ?? 'veil-unicity';
  const points = options.points ?? [1, 2, 3, 4, 5];
  if (!Number.isInteger(resolution) || resolution < 0 || resolution > 15) {
    throw new UsageError('the H3 resolution must be an integer in [0, 15]', { where: 'unicity resolution' });
  }
  if (!(bucketMs > 0) || points.some((p) => !Number.isInteger(p) || p < 1)) {
    throw new UsageError('time bucket must be positive and p values positive integers', {
      where: 'unicity options',
    });
  }
  const random = new SeededRandom(seed);
  const { ids, distinct } = pointIds(traces, resolution, bucketMs);
  const index = buildPointIndex(traces.subject, ids, traces.subjects.length, distinct);
  const subjects = sampleSubjects(
    traces.subjects.length,
    options.samples ?? Number.POSITIVE_INFINITY,
    random,
  );
  const byP = points.map((p) => unicityAtP(index, subjects, p, random));
  return { resolution, bucketMs, subjects: traces.subjects.length, distinctPoints: distinct, seed, byP };
}
