import { DuckDBScalarFunction, VARCHAR, type DuckDBType, type DuckDBVector } from '@duckdb/node-api';
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
    mainFunction: (info, chunk, out) => {
      try {
        const columns = udf.parameterTypes.map((_, i) => chunk.getColumnValues(i) as unknown[]);
        const vector = out as DuckDBVector & { setItem(i: number, v: string | null): void; flush(): void };
        udf.apply(columns).forEach((v, i) => vector.setItem(i, v));
        vector.flush();
      } catch (err) {
        failure.error ??= err;
        // The message goes into DuckDB's error; VeilError messages never carry values.
        info.setError(err instanceof VeilError ? err.message : 'operator failed');
      }
    },
  });
  engine.connection.registerScalarFunction(fn);
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
