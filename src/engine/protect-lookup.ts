import { VARCHAR, type DuckDBResult } from '@duckdb/node-api';
import type { Dataset } from './dataset.js';
import type { Engine } from './duckdb.js';
import { applyValues, type BatchStats } from './protect-ops.js';
import type { UdfField } from './protect-plan.js';
import { registerCodeUdf, type CodeTable, type UdfFailure } from './udf.js';

/**
 * Deterministic keyed operators computed once per distinct value. A first pass streams the column's
 * distinct values with DuckDB's 64-bit hash of each; JS transforms each distinct value once, in big
 * batches, and files the output's code under the hash. The main query passes only hash(value) to a
 * UDF (8 bytes per row, no strings across the bridge) that answers with an ENUM of the outputs, which
 * DuckDB turns back into text; one UDF call answers for all of a query's lookups. No join: the rows
 * keep their order. The pass sees every distinct value, so a hash collision between two of them is
 * detected there, and that field then falls back to the per-row UDF: a lookup never maps a value to
 * another value's output.
 */
export interface LookupOptions {
  /** Largest distinct count held as a lookup (memory bound); default 2,000,000. */
  maxDistinct?: number;
  /** Use a lookup only when distinct values are at most this fraction of the rows; default 0.5. */
  maxRatio?: number;
  /** Rows at the start of the data whose distinct counts decide which fields get a lookup; default 1,000,000. */
  sampleRows?: number;
  /** Bits of the hash kept (default 64); tests narrow it to force collisions. */
  hashBits?: number;
}

export interface Lookup {
  udf: UdfField;
  /** The SQL hash expression of the value, as the lookup filed it. */
  hash: (value: string) => string;
  table: CodeTable;
}

const BATCH = 16_384;

/** Whether a UDF can become a lookup: deterministic, one VARCHAR argument, computed once per row. */
function eligible(u: UdfField): boolean {
  return !u.fallback && u.fn.deterministic && u.fn.context.length === 0 && u.types[0] === VARCHAR;
}

/** A UDF worth a lookup and the estimate of its distinct values. */
export interface LookupChoice {
  udf: UdfField;
  distinct: number;
}

/**
 * Chooses the UDFs worth a lookup from estimates of their distinct counts. The first `sampleRows`
 * rows decide first: unless the rows are ordered by the value, fewer rows hold a larger share of
 * distinct values (each value has had fewer chances to repeat), so a field repetitive enough there
 * is taken without a scan of the whole input, which cost about a tenth of a protect run. Only the
 * fields the sample leaves in doubt are estimated over the whole input. The choice decides speed,
 * never output: a field more varied than its sample showed stops its lookup at `maxDistinct`
 * (buildLookup) and goes per row.
 */
export async function chooseLookups(
  engine: Engine,
  data: Dataset,
  udfs: readonly UdfField[],
  options: LookupOptions = {},
): Promise<LookupChoice[]> {
  const candidates = udfs.filter(eligible);
  if (!candidates.length) return [];
  const sampleRows = options.sampleRows ?? 1_000_000;
  const worth = (rows: number, distinct: number): boolean =>
    distinct <= (options.maxDistinct ?? DEFAULT_MAX_DISTINCT) && distinct <= rows * (options.maxRatio ?? 0.5);
  const sample = await estimateDistinct(engine, data, candidates, sampleRows);
  const chosen = candidates.flatMap((udf, k) =>
    worth(sample.rows, sample.distinct[k]!) ? [{ udf, distinct: sample.distinct[k]! }] : [],
  );
  if (sample.rows < sampleRows) return chosen;
  const doubtful = candidates.filter((u) => !chosen.some((c) => c.udf === u));
  if (!doubtful.length) return chosen;
  const whole = await estimateDistinct(engine, data, doubtful);
  const more = doubtful.flatMap((udf, k) =>
    worth(whole.rows, whole.distinct[k]!) ? [{ udf, distinct: whole.distinct[k]! }] : [],
  );
  return [...chosen, ...more];
}

/** Row count and approximate distinct count of each UDF's value, over the first `limit` rows or all. */
async function estimateDistinct(
  engine: Engine,
  data: Dataset,
  udfs: readonly UdfField[],
  limit?: number,
): Promise<{ rows: number; distinct: number[] }> {
  const columns = udfs.map((u, k) => `${u.args[0]} AS a${k}`).join(', ');
  const estimates = udfs.map((_, k) => `approx_count_distinct(a${k}) AS d${k}`).join(', ');
  const from = `(SELECT ${columns} FROM ${data.relation}${limit === undefined ? '' : ` LIMIT ${limit}`})`;
  const [row] = await engine.all(`SELECT count(*) AS n, ${estimates} FROM ${from}`);
  return {
    rows: Number(row?.n ?? 0),
    distinct: udfs.map((_, k) => Number(row?.[`d${k}`] ?? Infinity)),
  };
}

const DEFAULT_MAX_DISTINCT = 2_000_000;

/**
 * The distinct values (with their hashes) of every chosen field, each pass started at once on a
 * connection of its own: DuckDB computes the later passes while JS transforms the earlier ones'
 * values. The dataset's relation is plain SQL over files, so any connection can read it.
 */
export async function startDistinctPasses(
  engine: Engine,
  data: Dataset,
  choices: readonly LookupChoice[],
  options: LookupOptions = {},
): Promise<{ results: Promise<DuckDBResult>[]; close: () => Promise<void> }> {
  const hash = hashSql(options.hashBits ?? 64);
  const connections = await Promise.all(choices.map(() => engine.instance.connect()));
  const results = choices.map(({ udf: u }, k) => {
    const result = connections[k]!.stream(
      `SELECT v, CAST(h >> 32 AS UINTEGER) AS hi, CAST(h & 4294967295 AS UINTEGER) AS lo
       FROM (SELECT v, ${hash('v')} AS h FROM (SELECT DISTINCT ${u.args[0]} AS v FROM ${data.relation} WHERE ${u.args[0]} IS NOT NULL))`,
    );
    // Consumed (and its error reported) in order by buildLookup; never an unhandled rejection.
    result.catch(() => undefined);
    return result;
  });
  // A pass left unread (an earlier field failed) is interrupted, not left running to its end.
  const close = async (): Promise<void> => {
    for (const [k, c] of connections.entries()) {
      c.interrupt();
      await results[k]!.then(
        () => undefined,
        () => undefined,
      );
      c.closeSync();
    }
  };
  return { results, close };
}

/**
 * Builds the lookup for one UDF from its distinct pass (registerLookups makes it callable), or
 * returns undefined when two distinct values share a hash or there are more than `maxDistinct` of
 * them (the caller then uses the per-row UDF). In fail mode the operator's error is recorded in
 * `failure` and thrown, as a failing UDF does (the caller locates the row); in quarantine mode a
 * failing value maps to NULL, which the main query filters out like any failed UDF value.
 */
export async function buildLookup(
  pass: Promise<DuckDBResult>,
  { udf: u, distinct }: LookupChoice,
  mode: 'fail' | 'quarantine',
  stats: BatchStats,
  failure: UdfFailure,
  options: LookupOptions = {},
): Promise<Lookup | undefined> {
  const hash = hashSql(options.hashBits ?? 64);
  const outputs: string[] = [];
  // A reversible operator maps distinct values to distinct outputs: no need to find repeats.
  const outCode = u.fn.operator.reversible ? undefined : new Map<string, number>();
  const table = new HashCodes(distinct);
  const result = await pass;
  let values: string[] = [];
  let his: number[] = [];
  let los: number[] = [];
  let collided = false;
  const maxDistinct = options.maxDistinct ?? DEFAULT_MAX_DISTINCT;
  let seen = 0;
  const flush = (): void => {
    let outs: (string | null)[];
    try {
      outs = applyValues(u.fn, values, mode, stats);
    } catch (err) {
      failure.error ??= err;
      throw err;
    }
    outs.forEach((out, k) => {
      let c = -1;
      if (out !== null) {
        c = outCode?.get(out) ?? -1;
        if (c < 0) {
          c = outputs.push(out) - 1;
          outCode?.set(out, c);
        }
      }
      if (!table.insert(his[k]!, los[k]!, c)) collided = true;
    });
    values = [];
    his = [];
    los = [];
  };
  for (
    let chunk = await result.fetchChunk();
    chunk && chunk.rowCount > 0 && !collided;
    chunk = await result.fetchChunk()
  ) {
    seen += chunk.rowCount;
    if (seen > maxDistinct) return undefined;
    values.push(...(chunk.getColumnValues(0) as string[]));
    his.push(...(chunk.getColumnValues(1) as number[]));
    los.push(...(chunk.getColumnValues(2) as number[]));
    if (values.length >= BATCH) flush();
  }
  if (values.length && !collided) flush();
  if (collided) return undefined;
  return { udf: u, hash, table: { outputs, code: (hi, lo) => table.get(hi, lo) } };
}

/** DuckDB's hash of a value, narrowed to its low `bits` bits. */
function hashSql(bits: number): (value: string) => string {
  if (bits >= 64) return (v) => `hash(${v})`;
  return (v) => `(hash(${v}) & ${(1n << BigInt(bits)) - 1n}::UBIGINT)`;
}

/**
 * An open-addressing table from 64-bit hashes (two 32-bit halves) to output codes. A JS Map keyed
 * by BigInt costs an allocation per row; here each slot is three adjacent Int32s (hi, lo, code), so a
 * probe touches one cache line, and the table is filled up to 3/4: the main query probes it once per
 * row in random order, so its size in cache decides the cost. Codes are >= -1 (-1: the value failed).
 */
class HashCodes {
  private slots: Int32Array;
  private capacity: number;
  private size = 0;

  /** Sized for `expected` entries (an estimate: the table grows past it). */
  constructor(expected: number) {
    this.capacity = Math.max(4096, Math.ceil(expected / MAX_LOAD));
    this.slots = new Int32Array(this.capacity * 3).fill(EMPTY);
  }

  /** Files a code under a hash; false if the hash is already filed (a collision). */
  insert(hi: number, lo: number, code: number): boolean {
    if (this.size + 1 > this.capacity * MAX_LOAD) this.grow();
    const at = this.slot(hi | 0, lo | 0);
    if (this.slots[at + 2] !== EMPTY) return false;
    this.slots[at] = hi;
    this.slots[at + 1] = lo;
    this.slots[at + 2] = code;
    this.size++;
    return true;
  }

  /** The code filed under a hash, or -2 if there is none. */
  get(hi: number, lo: number): number {
    const code = this.slots[this.slot(hi | 0, lo | 0) + 2]!;
    return code === EMPTY ? -2 : code;
  }

  private slot(hi: number, lo: number): number {
    const { slots } = this;
    const end = slots.length;
    // DuckDB's hash is already mixed: its bits scaled to the capacity pick the slot (exact in doubles).
    let at = Math.floor((((lo ^ hi) >>> 0) / 4294967296) * this.capacity) * 3;
    while (slots[at + 2] !== EMPTY && (slots[at] !== hi || slots[at + 1] !== lo)) {
      at += 3;
      if (at === end) at = 0;
    }
    return at;
  }

  private grow(): void {
    const old = this.slots;
    this.capacity *= 2;
    this.slots = new Int32Array(this.capacity * 3).fill(EMPTY);
    this.size = 0;
    for (let i = 0; i < old.length; i += 3)
      if (old[i + 2] !== EMPTY) this.insert(old[i]!, old[i + 1]!, old[i + 2]!);
  }
}

const MAX_LOAD = 0.75;
const EMPTY = -3;

const LOOKUP_UDF = 'veil_lookup';
const LOOKUP_COLUMN = '__veil_lookup';

/** Registers one UDF for all the lookups of a query (see registerCodeUdf). */
export function registerLookups(engine: Engine, lookups: readonly Lookup[], failure: UdfFailure): void {
  if (!lookups.length) return;
  registerCodeUdf(engine, { name: LOOKUP_UDF, tables: lookups.map((l) => l.table) }, failure);
}

/** `relation` with the lookups' codes as one more column (a STRUCT, one field per lookup). */
export function withLookups(relation: string, lookups: readonly Lookup[]): string {
  if (!lookups.length) return relation;
  const hashes = lookups.map((l) => {
    const value = l.udf.args[0]!;
    return `CASE WHEN ${value} IS NULL THEN NULL ELSE ${l.hash(value)} END`;
  });
  return `(SELECT *, ${LOOKUP_UDF}(${hashes.join(', ')}) AS ${LOOKUP_COLUMN} FROM ${relation})`;
}

/** The text result of the k-th lookup, read from the column withLookups adds (NULL stays NULL). */
export function lookupResult(k: number): string {
  return `CAST(${LOOKUP_COLUMN}.c${k} AS VARCHAR)`;
}
