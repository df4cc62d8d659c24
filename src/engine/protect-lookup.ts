import { ENUM, VARCHAR, type DuckDBEnumType } from '@duckdb/node-api';
import type { Dataset } from './dataset.js';
import type { Engine } from './duckdb.js';
import { applyValues, type BatchStats } from './protect-ops.js';
import { udfName, type UdfField } from './protect-plan.js';
import { registerCodeUdf, type UdfFailure } from './udf.js';

/**
 * Deterministic keyed operators computed once per distinct value. A first pass builds an ENUM type
 * of the column's distinct values (DuckDB, all cores); JS transforms each distinct value once, in
 * big batches; the main query then casts the column to that ENUM (a hash lookup in DuckDB) and a
 * UDF maps input codes to an ENUM of the outputs, so per row JS only copies integers and DuckDB
 * turns the output codes back into text. No join: the rows keep their order.
 */
export interface LookupOptions {
  /** Largest distinct count held as a lookup (memory bound); default 2,000,000. */
  maxDistinct?: number;
  /** Use a lookup only when distinct values are at most this fraction of the rows; default 0.5. */
  maxRatio?: number;
}

export interface Lookup {
  udf: UdfField;
  /** The enum type of the input values. */
  inputType: string;
}

const BATCH = 16_384;

export const lookupType = (i: number): string => `veil_in_${i}`;

/** Whether a UDF can become a lookup: deterministic, one VARCHAR argument, computed once per row. */
function eligible(u: UdfField): boolean {
  return !u.fallback && u.fn.deterministic && u.fn.context.length === 0 && u.types[0] === VARCHAR;
}

/** Chooses the UDFs worth a lookup from an estimate of their distinct counts (one scan). */
export async function chooseLookups(
  engine: Engine,
  data: Dataset,
  udfs: readonly UdfField[],
  options: LookupOptions = {},
): Promise<UdfField[]> {
  const candidates = udfs.filter(eligible);
  if (!candidates.length) return [];
  const estimates = candidates.map((u, k) => `approx_count_distinct(${u.args[0]}) AS d${k}`);
  const [row] = await engine.all(`SELECT count(*) AS n, ${estimates.join(', ')} FROM ${data.relation}`);
  const rows = Number(row?.n ?? 0);
  const maxDistinct = options.maxDistinct ?? 2_000_000;
  const maxRatio = options.maxRatio ?? 0.5;
  return candidates.filter((_, k) => {
    const d = Number(row?.[`d${k}`] ?? Infinity);
    return d <= maxDistinct && d <= rows * maxRatio;
  });
}

/**
 * Builds the lookup for one UDF and registers its code-mapping UDF under the UDF's name. Throws
 * the operator's error in fail mode (the caller locates the row); in quarantine mode a failing
 * value maps to NULL, which the main query filters out like any failed UDF value.
 */
export async function buildLookup(
  engine: Engine,
  data: Dataset,
  u: UdfField,
  mode: 'fail' | 'quarantine',
  stats: BatchStats,
  failure: UdfFailure,
): Promise<Lookup> {
  const type = lookupType(u.index);
  await engine.run(
    `CREATE TYPE ${type} AS ENUM (SELECT DISTINCT ${u.args[0]} FROM ${data.relation} WHERE ${u.args[0]} IS NOT NULL)`,
  );
  const result = await engine.connection.stream(
    `SELECT v, CAST(enum_code(CAST(v AS ${type})) AS UINTEGER) AS code FROM (SELECT unnest(enum_range(NULL::${type})) AS v)`,
  );
  const outputs: string[] = [];
  const outCode = new Map<string, number>();
  let codes: Int32Array<ArrayBuffer> = new Int32Array(1024).fill(-1);
  let values: string[] = [];
  let at: number[] = [];
  const flush = (): void => {
    for (const [k, out] of applyValues(u.fn, values, mode, stats).entries()) {
      if (out === null) continue;
      let c = outCode.get(out);
      if (c === undefined) {
        c = outputs.push(out) - 1;
        outCode.set(out, c);
      }
      codes[at[k]!] = c;
    }
    values = [];
    at = [];
  };
  for (
    let chunk = await result.fetchChunk();
    chunk && chunk.rowCount > 0;
    chunk = await result.fetchChunk()
  ) {
    const vs = chunk.getColumnValues(0) as string[];
    const cs = chunk.getColumnValues(1) as number[];
    for (let r = 0; r < vs.length; r++) {
      const code = cs[r]!;
      if (code >= codes.length) codes = grow(codes, code);
      values.push(vs[r]!);
      at.push(code);
    }
    if (values.length >= BATCH) flush();
  }
  if (values.length) flush();
  registerCodeUdf(
    engine,
    {
      name: udfName(u.index),
      returnType: ENUM(outputs.length ? outputs : ['']),
      map: codes,
      volatile: mode === 'quarantine',
    },
    failure,
  );
  return { udf: u, inputType: type };
}

function grow(codes: Int32Array, code: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(code + 1, codes.length * 2)).fill(-1);
  next.set(codes);
  return next;
}

/** The call of a lookup UDF in the main query, and its text result. */
export function lookupCall(l: Lookup): string {
  return `CAST(${udfName(l.udf.index)}(CAST(enum_code(CAST(${l.udf.args[0]} AS ${l.inputType})) AS UINTEGER)) AS VARCHAR)`;
}

export async function dropLookups(engine: Engine, lookups: readonly Lookup[]): Promise<void> {
  for (const l of lookups) await engine.run(`DROP TYPE IF EXISTS ${l.inputType}`).catch(() => undefined);
}

export type { DuckDBEnumType };
