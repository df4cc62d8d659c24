import { coordinateProblem, parseTimestamp, timestampProblem } from './validate.js';

/**
 * Trace points in columnar form: one entry per point, subjects interned to dense integer ids.
 * Columnar typed arrays keep a million points in a few tens of megabytes and make scans fast.
 */
export interface Traces {
  /** Original subject identifiers, indexed by the dense id in `subject`. */
  subjects: string[];
  subject: Int32Array;
  lat: Float64Array;
  lng: Float64Array;
  /** Epoch milliseconds. */
  time: Float64Array;
  length: number;
}

/** Accumulates valid points (callers validate first) into growable typed arrays. */
export class TraceBuilder {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private subject = new Int32Array(1024);
  private lat = new Float64Array(1024);
  private lng = new Float64Array(1024);
  private time = new Float64Array(1024);
  private size = 0;

  get length(): number {
    return this.size;
  }

  add(subjectKey: string, lat: number, lng: number, time: number): void {
    if (this.size === this.subject.length) this.grow();
    let id = this.ids.get(subjectKey);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(subjectKey, id);
      this.names.push(subjectKey);
    }
    const i = this.size++;
    this.subject[i] = id;
    this.lat[i] = lat;
    this.lng[i] = lng;
    this.time[i] = time;
  }

  private grow(): void {
    const size = this.subject.length * 2;
    const copy = <T extends Int32Array | Float64Array>(from: T, to: T): T => (to.set(from), to);
    this.subject = copy(this.subject, new Int32Array(size));
    this.lat = copy(this.lat, new Float64Array(size));
    this.lng = copy(this.lng, new Float64Array(size));
    this.time = copy(this.time, new Float64Array(size));
  }

  build(): Traces {
    const n = this.size;
    return {
      subjects: [...this.names],
      subject: this.subject.slice(0, n),
      lat: this.lat.slice(0, n),
      lng: this.lng.slice(0, n),
      time: this.time.slice(0, n),
      length: n,
    };
  }
}

/** Point indices ordered by subject (stable), so per-subject scans and distinct counts are single passes. */
export function indicesBySubject(traces: Traces): Uint32Array {
  const counts = new Uint32Array(traces.subjects.length + 1);
  for (let i = 0; i < traces.length; i++) counts[traces.subject[i]! + 1]! += 1;
  for (let s = 1; s < counts.length; s++) counts[s]! += counts[s - 1]!;
  const order = new Uint32Array(traces.length);
  for (let i = 0; i < traces.length; i++) order[counts[traces.subject[i]!]!++] = i;
  return order;
}

export interface TracePoint {
  subject: string;
  lat: number;
  lng: number;
  /** Epoch ms, Date, or a timestamp string (see parseTimestamp). */
  time: number | Date | string;
}

/** Traces from plain point objects (e.g. for `veil demo`); invalid points are returned with reasons. */
export function tracesFromPoints(points: Iterable<TracePoint>): {
  traces: Traces;
  rejected: { index: number; reason: string }[];
} {
  const builder = new TraceBuilder();
  const rejected: { index: number; reason: string }[] = [];
  let index = 0;
  for (const p of points) {
    const time = parseTimestamp(p.time);
    const reason =
      p.subject === '' ? 'subject is missing' : (coordinateProblem(p.lat, p.lng) ?? timestampProblem(time));
    if (reason) rejected.push({ index, reason });
    else builder.add(p.subject, p.lat, p.lng, time);
    index++;
  }
  return { traces: builder.build(), rejected };
}
