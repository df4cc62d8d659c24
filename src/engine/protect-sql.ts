import type { TransformationConfig } from '../policy/index.js';
import { fmt, generalize } from '../transform/grouping.js';
import { operatorConfig } from '../transform/index.js';
import { TIME_UNITS_MS, type TimeUnit } from '../geo/time.js';
import { sqlIdent, sqlString } from './duckdb.js';

/**
 * Operators DuckDB computes itself, written so the SQL result is exactly the JS operator's (tests
 * compare them value by value). Each function returns undefined when the operator or the column type
 * is outside what the SQL form reproduces exactly; the job then calls the JS operator as a UDF.
 * `fallback` is that UDF call, for the rare values (huge numbers, years before 1000) the SQL form
 * does not cover.
 */
export interface SqlColumn {
  name: string;
  type: string;
}

export type Fallback = () => string;

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;
const FLOAT = /^(FLOAT|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?)$/;
const TIMESTAMP = /^TIMESTAMP(_S|_MS|_NS)?$/;

export const isInteger = (type: string): boolean => INTEGER.test(type);
export const isNumeric = (type: string): boolean => INTEGER.test(type) || FLOAT.test(type);
export const isTimestamp = (type: string): boolean => TIMESTAMP.test(type);
export const isDate = (type: string): boolean => type === 'DATE';

/** The column as the text JS operators see (asText), when DuckDB's rendering is the same. */
function textOf(col: SqlColumn): string | undefined {
  const c = sqlIdent(col.name);
  if (col.type === 'VARCHAR') return c;
  if (INTEGER.test(col.type) || col.type === 'BOOLEAN') return `CAST(${c} AS VARCHAR)`;
  return undefined;
}

function nullSafe(col: SqlColumn, expr: string): string {
  return `CASE WHEN ${sqlIdent(col.name)} IS NULL THEN NULL ELSE ${expr} END`;
}

export function pushdown(step: TransformationConfig, col: SqlColumn, fallback: Fallback): string | undefined {
  switch (step.op) {
    case 'keep':
      return sqlIdent(col.name);
    case 'suppress':
      return `CAST(NULL AS ${col.type})`;
    case 'redact':
    case 'replace':
      return nullSafe(col, sqlString(constantOf(step)));
    case 'mask':
      return maskSql(step, col);
    case 'hash':
      return hashSql(step, col);
    case 'bucket':
      return bucketSql(step, col, fallback);
    case 'generalize':
      return generalizeSql(step, col);
    case 'time_part':
      return timePartSql(step, col, fallback);
    case 'time_coarsen':
      return timeCoarsenSql(step, col);
    case 'round_coordinates':
      return roundSql(step, col);
    default:
      return undefined;
  }
}

function constantOf(step: TransformationConfig): string {
  if (step.op === 'redact') return '';
  const value = step.value as string | undefined;
  return value ?? `<${(step.entity_type as string | undefined) ?? 'REDACTED'}>`;
}

function maskSql(step: TransformationConfig, col: SqlColumn): string | undefined {
  const c = operatorConfig.parse(step);
  const t = textOf(col);
  if (c.op !== 'mask' || t === undefined || c.skip !== '') return undefined;
  // The eligible characters are [keep_first, max(keep_first, n - keep_last)) clipped to the text.
  const n = `length(${t})`;
  const eligible = `greatest(0, least(${n}, greatest(${c.keep_first}, ${n} - ${c.keep_last})) - ${c.keep_first})`;
  const masked = c.count === undefined ? eligible : `least(${c.count}, ${eligible})`;
  const start = c.from_end ? `(${c.keep_first} + ${eligible} - ${masked})` : String(c.keep_first);
  const expr = `substring(${t}, 1, ${start}) || repeat(${sqlString(c.char)}, ${masked}) || substring(${t}, ${start} + ${masked} + 1)`;
  return nullSafe(col, expr);
}

function hashSql(step: TransformationConfig, col: SqlColumn): string | undefined {
  const c = operatorConfig.parse(step);
  const t = textOf(col);
  // DuckDB has sha256 with lowercase hex output, the operator's default; other forms stay in JS.
  if (c.op !== 'hash' || t === undefined || c.algorithm !== 'sha256' || c.encoding !== 'hex')
    return undefined;
  return nullSafe(col, `sha256(${sqlString(c.salt)} || ${t})`);
}

function bucketSql(step: TransformationConfig, col: SqlColumn, fallback: Fallback): string | undefined {
  const c = operatorConfig.parse(step);
  if (c.op !== 'bucket' || !isNumeric(col.type)) return undefined;
  const x = `CAST(${sqlIdent(col.name)} AS DOUBLE)`;
  const other = sqlString(c.other);
  if (c.ranges) {
    const arms = c.ranges.map(
      (r) =>
        `WHEN ${x} >= ${num(r.min)} AND ${x} < ${num(r.max)} THEN ${sqlString(r.label ?? `${fmt(r.min)}-${fmt(r.max)}`)}`,
    );
    return nullSafe(col, `CASE WHEN NOT isfinite(${x}) THEN ${other} ${arms.join(' ')} ELSE ${other} END`);
  }
  const size = c.size!;
  // Integral bounds below 1e11 print the same as BIGINT text and as fmt(); anything else goes to JS.
  if (!Number.isInteger(size) || !Number.isInteger(c.origin)) return undefined;
  const lower = `(${num(c.origin)} + floor((${x} - ${num(c.origin)}) / ${num(size)}) * ${num(size)})`;
  const upper = `(${lower} + ${num(size)})`;
  const text = (e: string): string => `CAST(CAST(${e} AS BIGINT) AS VARCHAR)`;
  return nullSafe(
    col,
    `CASE WHEN NOT isfinite(${x}) THEN ${other} WHEN abs(${lower}) < 1e11 AND abs(${upper}) < 1e11 THEN ${text(lower)} || '-' || ${text(upper)} ELSE ${fallback()} END`,
  );
}

/** A number literal DuckDB reads as DOUBLE (so arithmetic matches JS). */
function num(n: number): string {
  return `CAST(${JSON.stringify(n)} AS DOUBLE)`;
}

const MAX_CASE_ARMS = 2000;

function generalizeSql(step: TransformationConfig, col: SqlColumn): string | undefined {
  const c = operatorConfig.parse(step);
  const t = textOf(col);
  const keys = c.op === 'generalize' ? Object.keys(c.hierarchy) : [];
  if (c.op !== 'generalize' || t === undefined || keys.length > MAX_CASE_ARMS) return undefined;
  // Every value with a parent chain is a key of the hierarchy: resolve each once, with the operator.
  const op = generalize(c);
  const arms = keys.map((k) => `WHEN ${sqlString(k)} THEN ${sqlString(op.apply(k) as string)}`);
  return nullSafe(
    col,
    arms.length ? `CASE ${t} ${arms.join(' ')} ELSE ${sqlString(c.other)} END` : sqlString(c.other),
  );
}

function timePartSql(step: TransformationConfig, col: SqlColumn, fallback: Fallback): string | undefined {
  const c = operatorConfig.parse(step);
  if (c.op !== 'time_part' || !(isTimestamp(col.type) || isDate(col.type))) return undefined;
  const v = sqlIdent(col.name);
  const parts: Record<typeof c.part, string> = {
    year: `CAST(year(${v}) AS VARCHAR)`,
    quarter: `CAST(year(${v}) AS VARCHAR) || '-Q' || CAST(quarter(${v}) AS VARCHAR)`,
    month: `CAST(month(${v}) AS VARCHAR)`,
    year_month: `strftime(${v}, '%Y-%m')`,
    date: `strftime(${v}, '%Y-%m-%d')`,
    weekday: `dayname(${v})`,
    hour: `CAST(hour(${v}) AS VARCHAR)`,
    minute: `CAST(minute(${v}) AS VARCHAR)`,
  };
  // ISO 8601 pads years to four digits and signs the rest; strftime does not: JS handles those.
  return nullSafe(
    col,
    `CASE WHEN year(${v}) BETWEEN 1000 AND 9999 THEN ${parts[c.part]} ELSE ${fallback()} END`,
  );
}

/** Whether a time_part result is a number in JS (then the output column is BIGINT). */
export function numericTimePart(step: TransformationConfig): boolean {
  return step.op === 'time_part' && ['year', 'month', 'hour', 'minute'].includes(step.part as string);
}

function timeCoarsenSql(step: TransformationConfig, col: SqlColumn): string | undefined {
  if (!(isTimestamp(col.type) || isDate(col.type))) return undefined;
  const bucket = TIME_UNITS_MS[step.unit as TimeUnit];
  // Same arithmetic as coarsenTime() on epoch milliseconds; weeks start on Monday.
  const shift = bucket === TIME_UNITS_MS.week ? 3 * TIME_UNITS_MS.day : 0;
  const ms = `epoch_ms(CAST(${sqlIdent(col.name)} AS TIMESTAMP))`;
  const floored = `CAST(floor((${ms} + ${shift}) / ${bucket}) AS BIGINT) * ${bucket} - ${shift}`;
  return nullSafe(col, `make_timestamp((${floored}) * 1000)`);
}

function roundSql(step: TransformationConfig, col: SqlColumn): string | undefined {
  if (!isNumeric(col.type)) return undefined;
  const scale = num(10 ** (step.decimals as number));
  // Math.round(y) is floor(y + 0.5) for every |y| < 2^52, which covers coordinates at 10 decimals.
  return nullSafe(col, `floor(CAST(${sqlIdent(col.name)} AS DOUBLE) * ${scale} + 0.5) / ${scale}`);
}
