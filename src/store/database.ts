/**
 * The one way Veil talks to its metadata store. Two implementations share every SQL statement:
 * embedded PGlite (default, data in a local directory) and a PostgreSQL server through `pg`.
 * SQL uses `$1`-style parameters only; values are never spliced into statements.
 */
export type SqlParam =
  string | number | boolean | null | Date | Uint8Array | string[] | Record<string, unknown>;

export interface QueryResult<Row> {
  rows: Row[];
}

/** Something that runs parameterized SQL: the database itself or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `pg` returns int8 as a string, PGlite as a number; callers want a number either way. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

/** Timestamps come back as Date on both drivers; be strict so a schema drift is caught early. */
export function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}
