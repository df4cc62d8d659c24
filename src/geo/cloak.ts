import { cellToLatLng, cellToParent } from 'h3-js';
import { latLngToCell } from './h3.js';
import { UsageError } from '../core/errors.js';
import { indicesBySubject, type Traces } from './trace.js';

/**
 * k-anonymous spatial cloaking on the H3 hierarchy. Bottom-up: at the finest resolution, every
 * (cell, time window) group holding at least k distinct subjects among the points not yet released
 * is released at that resolution; the rest move up to the parent cell and try again; whatever is
 * left above the coarsest resolution is suppressed. Each released (cell, window) therefore holds at
 * least k distinct subjects in the output itself, not only in the input.
 */
export interface CloakOptions {
  k: number;
  /** Finest resolution tried first; default 10. */
  maxResolution?: number;
  /** Coarsest resolution allowed; default 4. */
  minResolution?: number;
  /** Time window (ms) within which subjects are counted; absent = one window for all time. */
  windowMs?: number;
}

export interface CloakResult {
  /** Released cell per point, or null when suppressed. */
  cell: (string | null)[];
  /** Resolution per point, -1 when suppressed. */
  resolution: Int8Array;
  /** Window start (epoch ms) per point; NaN without windows. */
  windowStart: Float64Array;
  released: number;
  suppressed: number;
}

/** Groups of the active points by (cell, window), counting distinct subjects in one subject-ordered pass. */
function distinctSubjectsPerGroup(active: Uint32Array, traces: Traces, keys: string[]): Map<string, number> {
  const groups = new Map<string, { last: number; count: number }>();
  for (const point of active) {
    const key = keys[point]!;
    const subject = traces.subject[point]!;
    const group = groups.get(key);
    if (!group) groups.set(key, { last: subject, count: 1 });
    else if (group.last !== subject) {
      group.last = subject;
      group.count++;
    }
  }
  return new Map([...groups].map(([key, g]) => [key, g.count]));
}

function checkOptions(k: number, minRes: number, maxRes: number, windowMs: number | undefined): void {
  if (!Number.isInteger(k) || k < 1)
    throw new UsageError('k must be a positive integer', { where: 'cloak k' });
  const resOk = (r: number): boolean => Number.isInteger(r) && r >= 0 && r <= 15;
  if (!resOk(minRes) || !resOk(maxRes) || minRes > maxRes) {
    throw new UsageError('resolutions must be integers with 0 <= min <= max <= 15', {
      where: 'cloak resolutions',
    });
  }
  if (windowMs !== undefined && !(windowMs > 0))
    throw new UsageError('the time window must be positive', { where: 'cloak window' });
}

export function cloakTraces(traces: Traces, options: CloakOptions): CloakResult {
  const maxRes = options.maxResolution ?? 10;
  const minRes = options.minResolution ?? 4;
  checkOptions(options.k, minRes, maxRes, options.windowMs);
  const cells = new Array<string>(traces.length);
  const keys = new Array<string>(traces.length);
  const windowStart = new Float64Array(traces.length).fill(Number.NaN);
  if (options.windowMs !== undefined) {
    for (let i = 0; i < traces.length; i++)
      windowStart[i] = Math.floor(traces.time[i]! / options.windowMs) * options.windowMs;
  }
  const result: CloakResult = {
    cell: new Array(traces.length).fill(null),
    resolution: new Int8Array(traces.length).fill(-1),
    windowStart,
    released: 0,
    suppressed: 0,
  };
  let active = indicesBySubject(traces);
  for (let res = maxRes; res >= minRes && active.length > 0; res--) {
    for (const point of active) {
      cells[point] =
        res === maxRes
          ? latLngToCell(traces.lat[point]!, traces.lng[point]!, res)
          : cellToParent(cells[point]!, res);
      keys[point] = `${cells[point]}:${windowStart[point]}`;
    }
    const counts = distinctSubjectsPerGroup(active, traces, keys);
    const remaining: number[] = [];
    for (const point of active) {
      if (counts.get(keys[point]!)! >= options.k) {
        result.cell[point] = cells[point]!;
        result.resolution[point] = res;
        result.released++;
      } else remaining.push(point);
    }
    active = Uint32Array.from(remaining); // keeps subject order
  }
  result.suppressed = traces.length - result.released;
  return result;
}

/** Only the released points, each moved to its cell centre and (with windows) to its window start. */
export function releasedTraces(traces: Traces, result: CloakResult): Traces {
  const kept: number[] = [];
  for (let i = 0; i < traces.length; i++) if (result.cell[i]) kept.push(i);
  const lat = new Float64Array(kept.length);
  const lng = new Float64Array(kept.length);
  const time = new Float64Array(kept.length);
  const subject = new Int32Array(kept.length);
  kept.forEach((point, j) => {
    [lat[j], lng[j]] = cellToLatLng(result.cell[point]!);
    const start = result.windowStart[point]!;
    time[j] = Number.isNaN(start) ? traces.time[point]! : start;
    subject[j] = traces.subject[point]!;
  });
  return { subjects: traces.subjects, subject, lat, lng, time, length: kept.length };
}
