import { DOUBLE, VARCHAR, type DuckDBType } from '@duckdb/node-api';
import { InputError, VeilError } from '../core/errors.js';
import type { FieldExplanation, TransformationConfig } from '../policy/index.js';
import type { Column } from './columns.js';
import { sqlIdent } from './duckdb.js';
import { fieldFunction, type FieldFunction, type FieldFunctionOptions } from './protect-ops.js';
import { isDate, isNumeric, isTimestamp, numericTimePart, pushdown, type SqlColumn } from './protect-sql.js';

/**
 * How each output field of a protect job is computed: plain SQL (keep, pushed-down operators) or a
 * JS operator behind a UDF. Built from the policy's explanation and the columns the data really has.
 */
export interface OutputField {
  field: string;
  /** 'keep' or the operator name, for the manifest's counts. */
  op: string;
  /** The SELECT expression over the source relation; UDF results appear as "__veil_<i>". */
  sql: string;
}

export interface UdfField {
  index: number;
  field: string;
  fn: FieldFunction;
  /** Call arguments over the source relation, and the DuckDB types of the parameters. */
  args: string[];
  types: DuckDBType[];
  /** A fallback UDF sits inside a pushed-down CASE; a main one is computed once per row. */
  fallback: boolean;
}

export interface CompiledPlan {
  outputs: OutputField[];
  udfs: UdfField[];
  /** Key names and versions the plan uses (never material). */
  keys: Map<string, number>;
}

export const udfName = (i: number): string => `veil_protect_${i}`;
export const udfColumn = (i: number): string => `__veil_${i}`;

const ISO_MS = "'%Y-%m-%dT%H:%M:%S.%gZ'";

/** The value as a UDF receives it: numbers as DOUBLE, instants as ISO 8601 text, the rest as text. */
function argument(col: SqlColumn): { sql: string; type: DuckDBType } {
  const c = sqlIdent(col.name);
  if (isNumeric(col.type) && !/INT/.test(col.type)) return { sql: `CAST(${c} AS DOUBLE)`, type: DOUBLE };
  if (isTimestamp(col.type)) return { sql: `strftime(CAST(${c} AS TIMESTAMP), ${ISO_MS})`, type: VARCHAR };
  if (col.type === 'TIMESTAMP WITH TIME ZONE')
    return { sql: `strftime(make_timestamp(epoch_us(${c})), ${ISO_MS})`, type: VARCHAR };
  if (isDate(col.type)) return { sql: `strftime(${c}, '%Y-%m-%d')`, type: VARCHAR };
  return { sql: `CAST(${c} AS VARCHAR)`, type: VARCHAR };
}

/** UDFs return text; cast back where the operator keeps the column's type or returns a number. */
function castResult(step: TransformationConfig, col: SqlColumn, expr: string): string {
  if (numericTimePart(step)) return `CAST(${expr} AS BIGINT)`;
  if (step.op === 'date_shift' && (isTimestamp(col.type) || isDate(col.type) || /TIME ZONE/.test(col.type)))
    return `CAST(${expr} AS ${col.type})`;
  return expr;
}

export async function compilePlan(
  fields: FieldExplanation[],
  columns: ReadonlyMap<string, Column>,
  options: FieldFunctionOptions,
): Promise<CompiledPlan> {
  const outputs: OutputField[] = [];
  const udfs: UdfField[] = [];
  const keys = new Map<string, number>();
  for (const f of fields) {
    const col = columns.get(f.field)!;
    if (f.step === 'drop') continue;
    if (f.step === 'keep') {
      outputs.push({ field: f.field, op: 'keep', sql: sqlIdent(f.field) });
      continue;
    }
    const step = f.step;
    const makeUdf = async (fallback: boolean): Promise<UdfField> => {
      const fn = await withRule(f, () => fieldFunction(step, options));
      requireContext(f, fn, columns);
      const arg = argument(col);
      const udf: UdfField = {
        index: udfs.length,
        field: f.field,
        fn,
        args: [arg.sql, ...fn.context.map((c) => `CAST(${sqlIdent(c)} AS VARCHAR)`)],
        types: [arg.type, ...fn.context.map(() => VARCHAR)],
        fallback,
      };
      udfs.push(udf);
      return udf;
    };
    let needsFallback = false;
    const next = udfs.length;
    const pushed = pushdown(step, col, () => {
      needsFallback = true;
      return `${udfName(next)}(${argument(col).sql})`;
    });
    if (pushed !== undefined) {
      if (needsFallback) await makeUdf(true);
      outputs.push({ field: f.field, op: step.op, sql: castResult(step, col, pushed) });
      continue;
    }
    const udf = await makeUdf(false);
    if (step.key) keys.set(step.key, await keyVersion(f, step, options));
    outputs.push({ field: f.field, op: step.op, sql: castResult(step, col, sqlIdent(udfColumn(udf.index))) });
  }
  return { outputs, udfs, keys };
}

async function keyVersion(
  f: FieldExplanation,
  step: TransformationConfig,
  options: FieldFunctionOptions,
): Promise<number> {
  if (typeof step.version === 'number') return step.version;
  const key = await withRule(f, () => options.deps.keyring!.unlock(step.key!));
  return key.primary;
}

function requireContext(f: FieldExplanation, fn: FieldFunction, columns: ReadonlyMap<string, Column>): void {
  for (const c of fn.context) {
    if (!columns.has(c)) {
      throw new InputError(`field "${f.field}": operator ${fn.op} reads field "${c}", which the data lacks`, {
        where: f.rule?.where,
        code: 'FIELD_MISSING',
      });
    }
  }
}

/** Errors compiling a field's operator name the rule that chose it; a missing key is an input error. */
async function withRule<T>(f: FieldExplanation, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    if (!(err instanceof VeilError)) throw err;
    const where = f.rule ? `${f.rule.where} ${f.rule.label}, field ${f.field}` : `field ${f.field}`;
    const details = {
      where,
      ...(err.code ? { code: err.code } : {}),
      ...(err.hint ? { hint: err.hint } : {}),
    };
    const kind = err.code === 'KEY_NOT_FOUND' ? 'input' : err.kind;
    throw new VeilError(kind, err.message, details);
  }
}
