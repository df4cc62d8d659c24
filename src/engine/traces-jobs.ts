import { cellToLatLng } from 'h3-js';
import { cloakTraces, type CloakOptions } from '../geo/cloak.js';
import { applyGeoOperators } from '../geo/protect.js';
import type { RandomSource } from '../geo/random.js';
import { traceRisk, type RiskOptions, type RiskReport } from '../geo/risk.js';
import type { Traces } from '../geo/trace.js';
import type { Engine } from './duckdb.js';
import { readTraces, type ReadTracesOptions, type TraceReadResult } from './traces.js';
import { writeTraces } from './traces-write.js';
import type { WriteResult } from './write.js';

/** Trace jobs: read, protect with pure geo algorithms, write. Each returns a summary for the CLI. */
export interface ReadSummary {
  path: string;
  source: TraceReadResult['source'];
  rows: number;
  points: number;
  subjects: number;
  quarantined: number;
}

function summary(path: string, read: TraceReadResult): ReadSummary {
  const { source, rows, quarantined, traces } = read;
  return { path, source, rows, points: traces.length, subjects: traces.subjects.length, quarantined };
}

export interface ProtectJobResult {
  input: ReadSummary;
  output: WriteResult;
  protection: unknown[];
}

/** Coarsening or noise: applies operator configs to every point and writes subject, lat, lng, time[, cell]. */
export async function protectTraceFile(
  engine: Engine,
  input: string,
  output: string,
  protection: unknown[],
  options: { read?: ReadTracesOptions; format?: string; random?: RandomSource } = {},
): Promise<ProtectJobResult> {
  const read = await readTraces(engine, input, options.read);
  const done = applyGeoOperators(read.traces, protection, options.random);
  const written = await writeTraces(
    engine,
    { traces: done.traces, ...(done.cells ? { cells: done.cells, cellColumn: done.cellKind } : {}) },
    output,
    options.format ? { format: options.format } : {},
  );
  return { input: summary(input, read), output: written, protection };
}

export interface CloakJobResult {
  input: ReadSummary;
  output: WriteResult;
  k: number;
  released: number;
  suppressed: number;
  /** Released points per H3 resolution. */
  byResolution: Record<string, number>;
}

/** Released points become their cell's centre at the window start; suppressed points are left out. */
function cloakedTraces(traces: Traces, result: ReturnType<typeof cloakTraces>): Traces {
  const lat = new Float64Array(traces.length);
  const lng = new Float64Array(traces.length);
  const time = Float64Array.from(result.windowStart);
  for (let i = 0; i < traces.length; i++) {
    const cell = result.cell[i];
    if (!cell) continue;
    [lat[i], lng[i]] = cellToLatLng(cell);
  }
  return { ...traces, lat, lng, time };
}

export async function cloakTraceFile(
  engine: Engine,
  input: string,
  output: string,
  options: CloakOptions & { windowMs: number; read?: ReadTracesOptions; format?: string },
): Promise<CloakJobResult> {
  const read = await readTraces(engine, input, options.read);
  const result = cloakTraces(read.traces, options);
  const keep = Uint8Array.from(result.resolution, (r) => (r >= 0 ? 1 : 0));
  const written = await writeTraces(
    engine,
    {
      traces: cloakedTraces(read.traces, result),
      keep,
      cells: result.cell,
      cellColumn: 'h3',
      resolution: result.resolution,
    },
    output,
    options.format ? { format: options.format } : {},
  );
  const byResolution: Record<string, number> = {};
  for (const r of result.resolution) if (r >= 0) byResolution[r] = (byResolution[r] ?? 0) + 1;
  return {
    input: summary(input, read),
    output: written,
    k: options.k,
    released: result.released,
    suppressed: result.suppressed,
    byResolution,
  };
}

export interface RiskJobResult {
  input: ReadSummary;
  report: RiskReport;
}

export async function traceRiskFile(
  engine: Engine,
  input: string,
  options: RiskOptions & { read?: ReadTracesOptions } = {},
): Promise<RiskJobResult> {
  const read = await readTraces(engine, input, options.read);
  return { input: summary(input, read), report: traceRisk(read.traces, options) };
}
