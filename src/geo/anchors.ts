import { cellToLatLng } from 'h3-js';
import { latLngToCell } from './h3.js';
import { distanceMetres } from './sphere.js';
import { indicesBySubject, type Traces } from './trace.js';

/**
 * Home and work inference, the classic attack on location traces: home is the cell seen in the
 * most distinct hours at night, work the cell seen in the most distinct hours during working
 * hours on weekdays. Counting distinct hours (not points) keeps dense GPS logging from dominating.
 */
export interface AnchorOptions {
  resolution?: number;
  /** Offset of local time from the timestamps' clock, in minutes (e.g. +480 for UTC data in Beijing). */
  utcOffsetMinutes?: number;
  /** Night hours [from, to) in local time, wrapping midnight; default [22, 6). */
  night?: [number, number];
  /** Working hours [from, to) on Monday–Friday; default [9, 17). */
  work?: [number, number];
  /** Fewest distinct hours for an anchor to count as inferred; default 2. */
  minHours?: number;
}

export interface SubjectAnchors {
  subject: string;
  home?: string;
  homeHours: number;
  work?: string;
  workHours: number;
}

const HOUR_MS = 3_600_000;

function inWindow(hour: number, [from, to]: [number, number]): boolean {
  return from <= to ? hour >= from && hour < to : hour >= from || hour < to;
}

/** Most frequent cell over distinct hour buckets, or undefined below `minHours`. */
function topCell(hoursByCell: Map<string, Set<number>>, minHours: number): { cell?: string; hours: number } {
  let best: { cell?: string; hours: number } = { hours: 0 };
  for (const [cell, hours] of hoursByCell) {
    if (
      hours.size > best.hours ||
      (hours.size === best.hours && best.cell !== undefined && cell < best.cell)
    ) {
      best = { cell, hours: hours.size };
    }
  }
  return best.hours >= minHours ? best : { hours: best.hours };
}

function tally(map: Map<string, Set<number>>, cell: string, hourBucket: number): void {
  let hours = map.get(cell);
  if (!hours) map.set(cell, (hours = new Set()));
  hours.add(hourBucket);
}

export function inferAnchors(traces: Traces, options: AnchorOptions = {}): SubjectAnchors[] {
  const resolution = options.resolution ?? 8;
  const offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
  const night = options.night ?? [22, 6];
  const work = options.work ?? [9, 17];
  const minHours = options.minHours ?? 2;
  const out: SubjectAnchors[] = [];
  const order = indicesBySubject(traces);
  let start = 0;
  while (start < order.length) {
    const subject = traces.subject[order[start]!]!;
    const nightCells = new Map<string, Set<number>>();
    const workCells = new Map<string, Set<number>>();
    let i = start;
    for (; i < order.length && traces.subject[order[i]!] === subject; i++) {
      const point = order[i]!;
      const local = new Date(traces.time[point]! + offsetMs);
      const hour = local.getUTCHours();
      const weekday = local.getUTCDay() >= 1 && local.getUTCDay() <= 5;
      const isNight = inWindow(hour, night);
      const isWork = weekday && inWindow(hour, work);
      if (!isNight && !isWork) continue;
      const cell = latLngToCell(traces.lat[point]!, traces.lng[point]!, resolution);
      const bucket = Math.floor(local.getTime() / HOUR_MS);
      if (isNight) tally(nightCells, cell, bucket);
      if (isWork) tally(workCells, cell, bucket);
    }
    const home = topCell(nightCells, minHours);
    const workplace = topCell(workCells, minHours);
    out.push({
      subject: traces.subjects[subject]!,
      home: home.cell,
      homeHours: home.hours,
      work: workplace.cell,
      workHours: workplace.hours,
    });
    start = i;
  }
  return out;
}

export interface AnchorRecovery {
  /** Subjects with the anchor inferred on the raw traces. */
  inferredRaw: number;
  /** Of those, how many get the same cell inferred from the protected traces. */
  sameCell: number;
  sameCellRate: number;
  /** Median distance (m) between raw and protected anchors' cell centres, over subjects with both. */
  medianErrorMetres: number | null;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function centre(cell: string): { lat: number; lng: number } {
  const [lat, lng] = cellToLatLng(cell);
  return { lat, lng };
}

/** What an attacker still learns of an anchor after protection, compared with the raw inference. */
export function compareAnchors(
  raw: SubjectAnchors[],
  protectedAnchors: SubjectAnchors[],
  which: 'home' | 'work',
): AnchorRecovery {
  const after = new Map(protectedAnchors.map((a) => [a.subject, a[which]]));
  let inferredRaw = 0;
  let sameCell = 0;
  const errors: number[] = [];
  for (const anchor of raw) {
    const before = anchor[which];
    if (before === undefined) continue;
    inferredRaw++;
    const guess = after.get(anchor.subject);
    if (guess === undefined) continue;
    if (guess === before) sameCell++;
    errors.push(distanceMetres(centre(before), centre(guess)));
  }
  return {
    inferredRaw,
    sameCell,
    sameCellRate: inferredRaw ? sameCell / inferredRaw : 0,
    medianErrorMetres: median(errors),
  };
}
