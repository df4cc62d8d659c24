import { DuckDBDataChunk, DuckDBScalarFunction, UBIGINT, VARCHAR, type DuckDBType } from '@duckdb/node-api';
import bindings, { type Vector } from '@duckdb/node-bindings';
import { VeilError } from '../core/errors.js';
import type { Engine } from './duckdb.js';

/**
 * The bridge from DuckDB to JavaScript operators: a scalar UDF that DuckDB calls with vectors of up
 * to 2048 values, so an operator sees a whole batch at once. DuckDB's worker threads wait on the
 * JS thread here; everything DuckDB can compute itself stays in SQL (see protect-sql.ts).
 */
export interface BatchUdf {
  name: string;
  parameterTypes: DuckDBType[];
  /** Gets one array per parameter (same length) and returns the output texts. */
  apply: (columns: unknown[][]) => (string | null)[];
  /**
   * Volatile functions are never duplicated or moved by DuckDB's optimizer, so a UDF whose result a
   * later filter tests still runs exactly once per row.
   */
  volatile?: boolean;
}

/** Holds the first error a UDF raised; DuckDB only carries a message, the job wants the original. */
export interface UdfFailure {
  error?: unknown;
}

/** Registers a VARCHAR-returning UDF on the engine's connection. */
export function registerBatchUdf(engine: Engine, udf: BatchUdf, failure: UdfFailure): void {
  const fn = DuckDBScalarFunction.create({
    name: udf.name,
    returnType: VARCHAR,
    parameterTypes: udf.parameterTypes,
    specialHandling: true,
    volatile: udf.volatile ?? false,
    mainFunction: () => undefined,
  });
  // Raw output vector (see writeTexts); inputs through node-api, which decodes every type.
  bindings.scalar_function_set_function(fn.scalar_function, (info, input, output) => {
    try {
      const chunk = new DuckDBDataChunk(input);
      const columns = udf.parameterTypes.map((_, i) => chunk.getColumnValues(i) as unknown[]);
      writeTexts(output, udf.apply(columns));
    } catch (err) {
      failure.error ??= err;
      // The message goes into DuckDB's error; VeilError messages never carry values.
      bindings.scalar_function_set_error(info, err instanceof VeilError ? err.message : 'operator failed');
    }
  });
  engine.connection.registerScalarFunction(fn);
}

/**
 * Writes texts into a VARCHAR vector as UTF-8 bytes cut from one buffer: node-api's setItem hands
 * DuckDB each value as a JS string, which the binding converts and measures again per row; this
 * was the largest cost of per-row operators such as randomized encryption.
 */
function writeTexts(vector: Vector, texts: readonly (string | null)[]): void {
  const { bytes, ends } = utf8Pieces(texts);
  const nulls = new NullMask(texts.length);
  for (let i = 0; i < texts.length; i++) {
    if (texts[i] === null) nulls.set(i);
    else bindings.vector_assign_string_element_len(vector, i, bytes.subarray(ends[i - 1] ?? 0, ends[i]));
  }
  nulls.writeTo(vector);
}

/** The NULL rows of an output vector, written to its validity mask only when there are any. */
class NullMask {
  private readonly valid: Uint32Array<ArrayBuffer>;
  private any = false;

  constructor(rows: number) {
    // DuckDB's validity mask: one bit per row, in 64-bit words.
    this.valid = new Uint32Array(Math.ceil(rows / 64) * 2).fill(0xffffffff);
  }

  set(row: number): void {
    this.valid[row >>> 5] = this.valid[row >>> 5]! & ~(1 << (row & 31));
    this.any = true;
  }

  writeTo(vector: Vector): void {
    if (!this.any) return;
    bindings.vector_ensure_validity_writable(vector);
    bindings.copy_data_to_vector_validity(vector, 0, this.valid.buffer, 0, this.valid.byteLength);
  }
}

/**
 * The texts' UTF-8 one after another (text i ends at ends[i]; a null takes no bytes). ASCII, the
 * common case for ciphertexts and pseudonyms, is encoded in one call; otherwise each text is
 * encoded on its own, since joined texts could pair one's trailing lone surrogate with the next's.
 */
function utf8Pieces(texts: readonly (string | null)[]): { bytes: Buffer; ends: Int32Array } {
  const ends = new Int32Array(texts.length);
  let all = '';
  for (const t of texts) if (t !== null) all += t;
  const joined = Buffer.from(all, 'utf8');
  let at = 0;
  if (joined.length === all.length) {
    texts.forEach((t, i) => (ends[i] = at += t === null ? 0 : t.length));
    return { bytes: joined, ends };
  }
  const bytes = Buffer.allocUnsafe(all.length * 3);
  texts.forEach((t, i) => (ends[i] = at += t === null ? 0 : bytes.write(t, at, 'utf8')));
  return { bytes, ends };
}

/** The distinct outputs of one lookup and the code of a value's 64-bit hash (two halves) among them. */
export interface CodeTable {
  /** The distinct output values: the UDF returns an ENUM of them and writes, per row, an index. */
  outputs: string[];
  /** The output index for a value's hash: -1 for NULL (a value its operator rejected), -2 for a hash never filed. */
  code: (hi: number, lo: number) => number;
}

export interface CodeUdf {
  name: string;
  /** One per argument: the UDF takes one hash per table and returns STRUCT(c0 ENUM, c1 ENUM, ...). */
  tables: CodeTable[];
}

/**
 * A UDF from value hashes to ENUM outputs (distinct-value lookups): per row it reads one 64-bit
 * integer per table and writes one code, no strings cross the bridge in either direction. All the
 * lookups of a query share one call per chunk: each call is a round trip from a DuckDB thread to
 * the JS thread, which that DuckDB thread spends waiting. It works on the raw vectors: node-api's
 * wrapper would re-read the whole ENUM dictionary for every 2048-row chunk. Volatile, so DuckDB
 * calls it per row and never on a whole Parquet dictionary, whose slots need not all be values of
 * rows (its null slot, for one); a lookup per row costs a few nanoseconds.
 */
export function registerCodeUdf(engine: Engine, udf: CodeUdf, failure: UdfFailure): void {
  const fn = DuckDBScalarFunction.create({
    name: udf.name,
    returnType: VARCHAR,
    parameterTypes: udf.tables.map(() => UBIGINT),
    specialHandling: true,
    volatile: true,
    mainFunction: () => undefined,
  });
  // ENUM types straight from the bindings: node-api's ENUM() first indexes every value in a JS
  // object, which costs more than DuckDB's own work for large lookups.
  const enums = udf.tables.map((t) => bindings.create_enum_type(t.outputs.length ? t.outputs : ['']));
  const names = udf.tables.map((_, k) => `c${k}`);
  bindings.scalar_function_set_return_type(fn.scalar_function, bindings.create_struct_type(enums, names));
  bindings.scalar_function_set_function(fn.scalar_function, (info, input, output) => {
    try {
      const n = bindings.data_chunk_get_size(input);
      udf.tables.forEach((table, k) =>
        writeCodes(
          table,
          n,
          bindings.data_chunk_get_vector(input, k),
          bindings.struct_vector_get_child(output, k),
        ),
      );
    } catch (err) {
      failure.error ??= err;
      bindings.scalar_function_set_error(info, err instanceof VeilError ? err.message : 'lookup failed');
    }
  });
  engine.connection.registerScalarFunction(fn);
}

/** Reads `n` hashes from `input` and writes their codes (NULL for -1) into the ENUM vector `output`. */
function writeCodes(table: CodeTable, n: number, input: Vector, output: Vector): void {
  const { code } = table;
  // DuckDB stores ENUM codes in the narrowest unsigned integer that holds them.
  const count = Math.max(table.outputs.length, 1);
  const raw = bindings.vector_get_data(input, n * 8);
  // Little-endian halves: low word first.
  const words32 = new Uint32Array(raw.buffer, raw.byteOffset, n * 2);
  const words = Math.ceil(n / 64) * 2;
  const valid = bindings.vector_get_validity(input, words * 4);
  const inValid = valid ? new Uint32Array(valid.buffer, valid.byteOffset, words) : undefined;
  const out = count < 256 ? new Uint8Array(n) : count < 65536 ? new Uint16Array(n) : new Uint32Array(n);
  const nulls = new NullMask(n);
  for (let i = 0; i < n; i++) {
    const o =
      inValid && !((inValid[i >>> 5]! >>> (i & 31)) & 1) ? -1 : code(words32[2 * i + 1]!, words32[2 * i]!);
    if (o === -2) throw new Error('a value missed the distinct-value pass');
    if (o < 0) nulls.set(i);
    else out[i] = o;
  }
  bindings.copy_data_to_vector(output, 0, out.buffer, 0, out.byteLength);
  nulls.writeTo(output);
}

export type RowBatchFn = (values: (string | null)[], rows: Record<string, unknown>[]) => (string | null)[];

/**
 * `name(value, ...context fields)`: all as VARCHAR, the context handed to the operator as row objects
 * keyed by field name (subject ids, tweak fields). Used by `veil transform` as `veil_apply`.
 */
export function registerRowUdf(
  engine: Engine,
  name: string,
  fields: readonly string[],
  apply: RowBatchFn,
  failure: UdfFailure,
): void {
  registerBatchUdf(
    engine,
    {
      name,
      parameterTypes: [VARCHAR, ...fields.map(() => VARCHAR)],
      // The operator may be randomized (encrypt): never once per Parquet dictionary entry.
      volatile: true,
      apply: ([values, ...ctx]) => {
        const rows = values!.map((_, r) => Object.fromEntries(fields.map((f, i) => [f, ctx[i]![r]])));
        return apply(values as (string | null)[], rows);
      },
    },
    failure,
  );
}
