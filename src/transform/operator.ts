/**
 * A compiled value operator. `apply` handles one value; `applyBatch` a vector (DuckDB scalar UDFs
 * call operators on 2048 values at a time, and several operators are much faster per batch).
 * Operators that need stored state (vault tokens, per-subject keys) load it in `prepare` for the
 * batch first, so `apply`/`applyBatch` stay synchronous.
 */
export type Row = Record<string, unknown>;

export interface Operator {
  readonly name: string;
  readonly reversible: boolean;
  apply(value: unknown, row?: Row): unknown;
  applyBatch(values: readonly unknown[], rows?: readonly (Row | undefined)[]): unknown[];
  prepare?(values: readonly unknown[], rows?: readonly (Row | undefined)[]): Promise<void>;
}

/** An operator from a per-value function; null and undefined pass through as null. */
export function valueOperator(
  name: string,
  fn: (value: unknown, row: Row | undefined) => unknown,
  reversible = false,
): Operator {
  const apply = (value: unknown, row?: Row): unknown =>
    value === null || value === undefined ? null : fn(value, row);
  return {
    name,
    reversible,
    apply,
    applyBatch: (values, rows) => values.map((v, i) => apply(v, rows?.[i])),
  };
}

/** The text form operators work on: strings as-is, numbers/bigints in decimal, dates in ISO 8601. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** A field of the row by (dotted) name, as text; undefined when absent or null. */
export function fieldText(row: Row | undefined, field: string): string | undefined {
  const v = row?.[field];
  return v === null || v === undefined ? undefined : asText(v);
}
