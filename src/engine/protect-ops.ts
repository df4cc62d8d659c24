import { InputError, UsageError, VeilError } from '../core/errors.js';
import { createAnalyzer, redactText, type NameModel } from '../detect/index.js';
import { buildGeoOperator } from '../geo/operators.js';
import type { TransformationConfig } from '../policy/index.js';
import { compileOperator, type Operator, type OperatorDeps, type Row } from '../transform/index.js';

/**
 * The JavaScript side of a protect job: one function per field whose operator DuckDB cannot compute
 * (keyed operators, free-text redaction, and the rare configurations protect-sql.ts leaves out).
 */
export interface FieldFunction {
  op: string;
  /** Fields of the row the operator reads besides the value (subject id, FPE tweak). */
  context: string[];
  /** Same input, same output: results may be cached per distinct value. Not for randomized encryption. */
  deterministic: boolean;
  operator: Operator;
}

export interface FieldFunctionOptions {
  deps: OperatorDeps;
  nameModel?: NameModel;
}

/** Location operators that need a lat/lng pair rather than one field. */
const PAIR_OPS = new Set(['h3', 'geohash', 'grid_snap', 'geo_indistinguishability']);

export async function fieldFunction(
  step: TransformationConfig,
  options: FieldFunctionOptions,
): Promise<FieldFunction> {
  const context = [step.subject_field, step.tweak_field].filter((f): f is string => typeof f === 'string');
  const make = (operator: Operator, deterministic = true): FieldFunction => ({
    op: step.op,
    context,
    deterministic,
    operator,
  });
  if (step.op === 'redact_entities') return make(redactEntities(step, options.nameModel));
  if (step.op === 'round_coordinates' || step.op === 'time_coarsen') return make(geoFieldOperator(step));
  if (PAIR_OPS.has(step.op)) {
    throw new UsageError(`operator "${step.op}" works on a lat/lng pair, not on one field`, {
      code: 'OPERATOR_NEEDS_PAIR',
      hint: 'use round_coordinates for coordinate fields, or `veil geo protect` for traces',
    });
  }
  // encrypt is randomized: caching would give equal plaintexts equal ciphertexts.
  return make(await compileOperator(step, options.deps), step.op !== 'encrypt');
}

function redactEntities(step: TransformationConfig, nameModel: NameModel | undefined): Operator {
  const analyzer = createAnalyzer({
    ...(nameModel ? { nameModel } : {}),
    ...(Array.isArray(step.entities) ? { entities: step.entities as string[] } : {}),
    ...(typeof step.min_score === 'number' ? { threshold: step.min_score } : {}),
  });
  const apply = (value: unknown): unknown => {
    if (value === null || value === undefined) return null;
    const text = typeof value === 'string' ? value : String(value);
    return redactText(text, analyzer.analyze(text));
  };
  return {
    name: 'redact_entities',
    reversible: false,
    apply,
    applyBatch: (values) => values.map(apply),
  };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** round_coordinates on one coordinate, time_coarsen on one timestamp: the geo operator per field. */
function geoFieldOperator(step: TransformationConfig): Operator {
  const geo = buildGeoOperator(step);
  const apply = (value: unknown): unknown => {
    if (value === null || value === undefined) return null;
    if (step.op === 'round_coordinates') return geo({ lat: toNumber(value), lng: 0 }).lat;
    const time = geo({ lat: 0, lng: 0, time: toTime(value) }).time!;
    return new Date(time).toISOString();
  };
  return { name: step.op, reversible: false, apply, applyBatch: (values) => values.map(apply) };
}

function toNumber(value: unknown): number {
  const x = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' && value.trim() === '') throw notA('number');
  if (!Number.isFinite(x)) throw notA('number');
  return x;
}

function toTime(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  const text = String(value).trim();
  const t = Date.parse(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(t)) throw notA('date or timestamp');
  return t;
}

function notA(what: string): InputError {
  return new InputError(`a value is not a ${what}`, { code: 'VALUE_INVALID' });
}

/** What a UDF writes: text, with dates in ISO 8601 (the form SQL casts read back). */
export function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  return v instanceof Date ? v.toISOString() : String(v);
}

/** The reason a value failed, never the value: VeilError messages carry none. */
export function failureReason(fn: FieldFunction, err: unknown): string {
  const message = err instanceof VeilError ? err.message : 'operator failed';
  return message.startsWith(`${fn.op}:`) ? message : `${fn.op}: ${message}`;
}

export interface BatchStats {
  /** Values the operator rejected (quarantine mode sets them to null; the job filters the rows out). */
  failed: number;
}

const CACHE_LIMIT = 1 << 16;

/**
 * A batch function for the UDF bridge: deduplicates the vector (and caches across vectors for
 * deterministic operators), so a keyed operator runs once per distinct value; isolates a failing
 * value by retrying one by one, then either throws (fail) or writes null and counts it (quarantine).
 */
export function batchApply(
  fn: FieldFunction,
  mode: 'fail' | 'quarantine',
  stats: BatchStats,
): (columns: unknown[][]) => (string | null)[] {
  const cache = new Map<string, string | null>();
  return ([values, ...ctx]) => {
    const n = values!.length;
    const rows: Row[] = ctx.length
      ? values!.map((_, r) => Object.fromEntries(fn.context.map((f, i) => [f, ctx[i]![r]])))
      : [];
    const keyOf = (r: number): string =>
      ctx.length ? JSON.stringify([String(values![r]), ...ctx.map((c) => c[r] ?? null)]) : String(values![r]);
    const out = new Array<string | null>(n).fill(null);
    const todo: number[] = [];
    const firstOf = new Map<string, number>();
    const dupes: [number, number][] = [];
    for (let r = 0; r < n; r++) {
      if (values![r] === null || values![r] === undefined) continue;
      if (!fn.deterministic) {
        todo.push(r);
        continue;
      }
      const key = keyOf(r);
      const hit = cache.get(key);
      if (hit !== undefined) out[r] = hit;
      else if (firstOf.has(key)) dupes.push([r, firstOf.get(key)!]);
      else {
        firstOf.set(key, r);
        todo.push(r);
      }
    }
    const results = run(fn, todo, values!, rows, mode, stats);
    todo.forEach((r, k) => (out[r] = results[k]!));
    for (const [r, first] of dupes) {
      out[r] = out[first]!;
      if (out[r] === null) stats.failed++;
    }
    if (fn.deterministic) {
      if (cache.size > CACHE_LIMIT) cache.clear();
      // Failed values are not cached: each failing row must be counted and located.
      for (const r of todo) if (out[r] !== null) cache.set(keyOf(r), out[r]!);
    }
    return out;
  };
}

function run(
  fn: FieldFunction,
  todo: number[],
  values: unknown[],
  rows: Row[],
  mode: 'fail' | 'quarantine',
  stats: BatchStats,
): (string | null)[] {
  const vs = todo.map((r) => values[r]);
  const rs = rows.length ? todo.map((r) => rows[r]!) : undefined;
  try {
    return fn.operator.applyBatch(vs, rs).map(toText);
  } catch (err) {
    if (mode === 'fail') throw err;
  }
  return vs.map((v, k) => {
    try {
      return toText(fn.operator.apply(v, rs?.[k]));
    } catch {
      stats.failed++;
      return null;
    }
  });
}

/**
 * Applies the operator to a batch of values (no caching: the distinct-value pass hands each value
 * once). Fail mode throws the operator's error; quarantine mode gives null for a rejected value.
 */
export function applyValues(
  fn: FieldFunction,
  values: readonly unknown[],
  mode: 'fail' | 'quarantine',
  stats: BatchStats,
): (string | null)[] {
  return run(
    fn,
    values.map((_, i) => i),
    values as unknown[],
    [],
    mode,
    stats,
  );
}

/** For locating failures: the reason each value fails, or null when it passes. */
export function reasonApply(fn: FieldFunction): (columns: unknown[][]) => (string | null)[] {
  return ([values, ...ctx]) =>
    values!.map((v, r) => {
      if (v === null || v === undefined) return null;
      const row = ctx.length ? Object.fromEntries(fn.context.map((f, i) => [f, ctx[i]![r]])) : undefined;
      try {
        fn.operator.apply(v, row);
        return null;
      } catch (err) {
        return failureReason(fn, err);
      }
    });
}
