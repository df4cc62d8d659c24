import { randomBytes } from 'node:crypto';
import type { Traces } from '../geo/trace.js';
import type { Engine } from './duckdb.js';
import { writeQuery, type WriteResult } from './write.js';

/** Protected trace points to write: one output row per point whose `keep` flag is set. */
export interface TraceOutput {
  traces: Traces;
  /** 0 drops the point (suppressed); absent keeps all. */
  keep?: Uint8Array;
  /** A cell id per point (H3, geohash), written as column `cellColumn`. */
  cells?: (string | null | undefined)[];
  cellColumn?: string;
  /** H3 resolution per point (cloaking). */
  resolution?: Int8Array;
}

const FLUSH_EVERY = 100_000;

/** Loads the points into a temporary DuckDB table through the appender (no SQL text per row). */
async function loadTable(engine: Engine, table: string, out: TraceOutput): Promise<number> {
  await engine.run(
    `CREATE TEMP TABLE ${table} (subject VARCHAR, lat DOUBLE, lng DOUBLE, time_ms BIGINT, cell VARCHAR, resolution TINYINT)`,
  );
  const appender = await engine.connection.createAppender(table);
  const { traces } = out;
  let written = 0;
  for (let i = 0; i < traces.length; i++) {
    if (out.keep && !out.keep[i]) continue;
    appender.appendVarchar(traces.subjects[traces.subject[i]!]!);
    appender.appendDouble(traces.lat[i]!);
    appender.appendDouble(traces.lng[i]!);
    appender.appendBigInt(BigInt(Math.round(traces.time[i]!)));
    const cell = out.cells?.[i];
    if (cell) appender.appendVarchar(cell);
    else appender.appendNull();
    if (out.resolution) appender.appendTinyInt(out.resolution[i]!);
    else appender.appendNull();
    appender.endRow();
    if (++written % FLUSH_EVERY === 0) appender.flushSync();
  }
  appender.closeSync();
  return written;
}

/** Writes protected points as a dataset (CSV/JSONL/Parquet by extension), atomically. */
export async function writeTraces(
  engine: Engine,
  out: TraceOutput,
  outPath: string,
  options: { format?: string } = {},
): Promise<WriteResult> {
  const table = `veil_geo_${randomBytes(6).toString('hex')}`;
  try {
    await loadTable(engine, table, out);
    const extra = [
      out.cells ? `cell AS "${(out.cellColumn ?? 'cell').replaceAll('"', '""')}"` : undefined,
      out.resolution ? 'resolution' : undefined,
    ].filter(Boolean);
    const select = `SELECT subject, lat, lng, epoch_ms(time_ms) AS time${extra.map((e) => `, ${e}`).join('')} FROM ${table}`;
    return await writeQuery(engine, select, outPath, options.format ? { format: options.format } : {});
  } finally {
    await engine.run(`DROP TABLE IF EXISTS ${table}`);
  }
}
