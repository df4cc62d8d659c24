import { createReadStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { InputError, UsageError } from '../core/errors.js';
import { temporarySibling } from '../core/atomic.js';
import { TraceBuilder, type Traces } from '../geo/trace.js';
import { coordinateProblem, parseTimestamp, timestampProblem } from '../geo/validate.js';
import { openDataset, type OpenOptions, type Row } from './dataset.js';
import type { Engine } from './duckdb.js';
import { QuarantineWriter, type BadRecord, type OnError } from './quarantine.js';

/**
 * Trace readers: CSV/JSONL/Parquet through the engine (columns for subject, latitude, longitude,
 * time; named or detected) and GeoLife `.plt` folders. Bad points (coordinates out of range, NaN,
 * missing or unreadable timestamps, missing subject) fail the run or go to the quarantine file
 * with their row and reason; the reason never carries the value.
 */
export interface TraceColumns {
  subject: string;
  lat: string;
  lng: string;
  time: string;
}

export interface ReadTracesOptions {
  columns?: Partial<TraceColumns>;
  onError?: OnError;
  /** Dataset reading options (format, CSV dialect) passed to the engine. */
  dataset?: Omit<OpenOptions, 'onError'>;
  /** Called with the number of rows read so far. */
  onProgress?: (rows: number) => void;
}

export interface TraceReadResult {
  traces: Traces;
  source: 'dataset' | 'geolife';
  /** Rows read, valid or not. */
  rows: number;
  /** Rows set aside (structurally malformed plus invalid points). */
  quarantined: number;
  columns?: TraceColumns;
}

const CANDIDATES: Record<keyof TraceColumns, string[]> = {
  subject: ['subject', 'uid', 'user', 'user_id', 'userid', 'device', 'device_id', 'id'],
  lat: ['lat', 'latitude', 'y'],
  lng: ['lng', 'lon', 'long', 'longitude', 'x'],
  time: ['time', 'timestamp', 'datetime', 'date_time', 'ts', 't'],
};

/** Picks the trace columns: as named by the caller, or by well-known names (case-insensitive). */
export function resolveTraceColumns(available: string[], wanted: Partial<TraceColumns> = {}): TraceColumns {
  const byLower = new Map(available.map((n) => [n.toLowerCase(), n]));
  const pick = (role: keyof TraceColumns): string => {
    const asked = wanted[role];
    if (asked !== undefined) {
      if (!available.includes(asked)) {
        throw new UsageError(`no column named "${asked}" for ${role}`, {
          hint: `columns are: ${available.join(', ')}`,
        });
      }
      return asked;
    }
    const found = CANDIDATES[role].map((c) => byLower.get(c)).find((n) => n !== undefined);
    if (found === undefined) {
      throw new UsageError(`cannot tell which column holds the ${role}`, {
        hint: `name it with --${role} COLUMN`,
      });
    }
    return found;
  };
  return { subject: pick('subject'), lat: pick('lat'), lng: pick('lng'), time: pick('time') };
}

/** Collects bad points: throws on the first under `fail`, keeps them for the quarantine file otherwise. */
class TraceRejects {
  readonly records: BadRecord[] = [];
  constructor(private readonly onError: OnError) {}

  reject(bad: BadRecord): void {
    if (this.onError.mode === 'fail') {
      const at = bad.line !== undefined ? `${bad.file}:${bad.line}` : `${bad.file} row ${bad.row}`;
      throw new InputError(`bad trace point: ${bad.reason}`, {
        where: at,
        code: 'BAD_TRACE_POINT',
        hint: 'fix the point, or pass --on-error quarantine FILE to set bad points aside and go on',
      });
    }
    this.records.push(bad);
  }
}

/** Adds one point after validation; returns false when it was rejected. */
function addPoint(
  builder: TraceBuilder,
  rejects: TraceRejects,
  where: Omit<BadRecord, 'reason'>,
  values: unknown[],
): void {
  const [subject, latValue, lngValue, timeValue] = values;
  const lat = toNumber(latValue);
  const lng = toNumber(lngValue);
  const time = parseTimestamp(timeValue);
  const subjectKey = subject === null || subject === undefined ? '' : String(subject).trim();
  const reason =
    subjectKey === '' ? 'subject is missing' : (coordinateProblem(lat, lng) ?? timestampProblem(time));
  if (reason) rejects.reject({ ...where, reason });
  else builder.add(subjectKey, lat, lng, time);
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

/** Reads a trace file or a GeoLife folder into columnar traces. */
export async function readTraces(
  engine: Engine,
  path: string,
  options: ReadTracesOptions = {},
): Promise<TraceReadResult> {
  const info = await stat(path).catch(() => {
    throw new InputError(`cannot read ${path}: no such file or folder`, {
      where: path,
      code: 'FILE_NOT_FOUND',
    });
  });
  const onError = options.onError ?? { mode: 'fail' };
  return info.isDirectory()
    ? readGeoLife(path, onError, options)
    : readDatasetTraces(engine, path, onError, options);
}

async function readDatasetTraces(
  engine: Engine,
  path: string,
  onError: OnError,
  options: ReadTracesOptions,
): Promise<TraceReadResult> {
  // The engine's structural quarantine goes to a side file, merged with ours at the end.
  const structural = onError.mode === 'quarantine' ? temporarySibling(onError.path) : undefined;
  const dataset = await openDataset(engine, path, {
    onError: structural ? { mode: 'quarantine', path: structural } : onError,
    ...options.dataset,
  });
  const builder = new TraceBuilder();
  const rejects = new TraceRejects(onError);
  let rows = 0;
  try {
    const columns = resolveTraceColumns(
      dataset.columns.map((c) => c.name),
      options.columns,
    );
    for await (const batch of dataset.batches(50_000)) {
      for (const row of batch as Row[]) {
        rows++;
        const values = [row[columns.subject], row[columns.lat], row[columns.lng], row[columns.time]];
        addPoint(builder, rejects, { file: path, row: rows }, values);
      }
      options.onProgress?.(rows);
    }
    if (onError.mode === 'quarantine') await writeQuarantine(onError.path, structural, rejects.records);
    return {
      traces: builder.build(),
      source: 'dataset',
      rows: rows + dataset.quarantined,
      quarantined: dataset.quarantined + rejects.records.length,
      columns,
    };
  } finally {
    await dataset.close();
    if (structural) await rm(structural, { force: true });
  }
}

/** Writes structural rejects (if any) followed by point rejects, atomically. */
async function writeQuarantine(
  path: string,
  structural: string | undefined,
  records: BadRecord[],
): Promise<void> {
  const writer = new QuarantineWriter(path);
  try {
    if (structural && (await stat(structural).catch(() => undefined))) {
      const lines = createInterface({ input: createReadStream(structural), crlfDelay: Infinity });
      for await (const line of lines) if (line) writer.write(JSON.parse(line) as BadRecord);
    }
    for (const record of records) writer.write(record);
    await writer.commit();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

async function pltFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.plt'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** GeoLife keeps each user's files in `<user>/Trajectory/*.plt`; the user folder names the subject. */
function geoLifeSubject(file: string): string {
  const folder = dirname(file);
  return basename(folder).toLowerCase() === 'trajectory' ? basename(dirname(folder)) : basename(folder);
}

const PLT_HEADER_LINES = 6;

/** GeoLife `.plt`: six header lines, then `lat,lng,0,altitude_ft,days_since_1899,date,time` (GMT). */
async function readGeoLife(
  root: string,
  onError: OnError,
  options: ReadTracesOptions,
): Promise<TraceReadResult> {
  const files = await pltFiles(root);
  if (files.length === 0) {
    throw new InputError('no .plt files found in the folder', {
      where: root,
      hint: 'point at a GeoLife Data folder',
    });
  }
  const builder = new TraceBuilder();
  const rejects = new TraceRejects(onError);
  let rows = 0;
  for (const file of files) {
    const subject = geoLifeSubject(file);
    const shown = relative(root, file) || file;
    let line = 0;
    for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      if (++line <= PLT_HEADER_LINES || text.trim() === '') continue;
      rows++;
      const f = text.split(',');
      const time = f[5] && f[6] ? `${f[5].trim()} ${f[6].trim()}` : undefined;
      addPoint(builder, rejects, { file: join(basename(root), shown), line }, [subject, f[0], f[1], time]);
    }
    options.onProgress?.(rows);
  }
  if (onError.mode === 'quarantine') await writeQuarantine(onError.path, undefined, rejects.records);
  return { traces: builder.build(), source: 'geolife', rows, quarantined: rejects.records.length };
}
