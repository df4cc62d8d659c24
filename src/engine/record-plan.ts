import { VeilError } from '../core/errors.js';
import type { NameModel } from '../detect/index.js';
import type { ProtectionPlan } from '../policy/index.js';
import type { Operator, OperatorDeps, Row } from '../transform/index.js';
import { fieldFunction } from './protect-ops.js';

/**
 * Applies a ProtectionPlan to a batch of JSON records: each declared field goes through its step
 * (keep, drop, or an operator, batched per field with applyBatch), undeclared fields are dropped.
 * Pure apart from the stores the operators were given (token vault, subject keys).
 */
export interface PlanDeps extends OperatorDeps {
  /** The name model for PERSON/LOCATION/ORGANIZATION in redact_entities; patterns only without it. */
  nameModel?: NameModel;
}

interface FieldStep {
  field: string;
  /** `keep` or the operator name. */
  op: string;
  operator?: Operator;
  /** Fields the operator reads besides the value (subject id, FPE tweak). */
  context: string[];
}

export interface AppliedBatch {
  records: Record<string, unknown>[];
  /** Non-null values written by each operator, plus `drop` for values left out. */
  counts: Map<string, number>;
}

export interface CompiledPlan {
  readonly plan: ProtectionPlan;
  /** True when an operator keeps per-instance state over a store (tokenize, per-subject encrypt): compile per batch. */
  readonly stateful: boolean;
  apply(records: readonly Record<string, unknown>[]): Promise<AppliedBatch>;
}

export async function compilePlan(plan: ProtectionPlan, deps: PlanDeps = {}): Promise<CompiledPlan> {
  const steps: FieldStep[] = [];
  for (const [field, step] of Object.entries(plan.fields)) {
    if (step === 'drop') continue;
    if (step === 'keep') {
      steps.push({ field, op: 'keep', context: [] });
      continue;
    }
    // The same per-field operators as `veil protect`'s UDFs, so file and service outputs agree.
    const fn = await fieldFunction(step, { deps, ...(deps.nameModel ? { nameModel: deps.nameModel } : {}) });
    steps.push({ field, op: step.op, operator: fn.operator, context: fn.context });
  }
  const stateful = steps.some((s) => s.operator?.prepare !== undefined);
  return { plan, stateful, apply: (records) => applySteps(steps, records) };
}

/** A field by name: a flat key first (`"network.ip"`), else a dotted path into nested objects. */
export function readField(record: Record<string, unknown>, field: string): unknown {
  if (Object.hasOwn(record, field)) return record[field];
  if (!field.includes('.')) return undefined;
  let at: unknown = record;
  for (const part of field.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

function writeField(
  out: Record<string, unknown>,
  source: Record<string, unknown>,
  field: string,
  v: unknown,
): void {
  if (Object.hasOwn(source, field) || !field.includes('.')) {
    out[field] = v;
    return;
  }
  const parts = field.split('.');
  let at = out;
  for (const part of parts.slice(0, -1)) {
    const next = Object.hasOwn(at, part) ? at[part] : undefined;
    at = (next && typeof next === 'object' ? next : (at[part] = {})) as Record<string, unknown>;
  }
  at[parts[parts.length - 1]!] = v;
}

async function applySteps(
  steps: FieldStep[],
  records: readonly Record<string, unknown>[],
): Promise<AppliedBatch> {
  const out = records.map(() => ({}) as Record<string, unknown>);
  const counts = new Map<string, number>();
  let written = 0;
  for (const step of steps) {
    const values = records.map((r) => readField(r, step.field));
    const present = values.filter((v) => v !== undefined);
    if (present.length === 0) continue;
    const results = step.operator ? await runStep(step, values, records) : values;
    let n = 0;
    for (let i = 0; i < records.length; i++) {
      if (values[i] === undefined) continue;
      writeField(out[i]!, records[i]!, step.field, results[i] ?? null);
      if (values[i] !== null) n++;
    }
    written += present.length;
    counts.set(step.op, (counts.get(step.op) ?? 0) + n);
  }
  const dropped = records.reduce((sum, r) => sum + leafCount(r), 0) - written;
  if (dropped > 0) counts.set('drop', dropped);
  return { records: out, counts };
}

async function runStep(
  step: FieldStep,
  values: unknown[],
  records: readonly Record<string, unknown>[],
): Promise<unknown[]> {
  const op = step.operator!;
  const rows: Row[] | undefined = step.context.length
    ? records.map((r) => Object.fromEntries(step.context.map((f) => [f, readField(r, f)])))
    : undefined;
  const input = values.map((v) => (v === undefined ? null : v));
  try {
    if (op.prepare) await op.prepare(input, rows);
    return op.applyBatch(input, rows);
  } catch (err) {
    throw locate(err, step, input, rows);
  }
}

/** Finds the first record whose value fails, so the error names it (never the value itself). */
function locate(err: unknown, step: FieldStep, values: unknown[], rows: Row[] | undefined): unknown {
  if (!(err instanceof VeilError) || err.kind === 'internal') return err;
  let index = -1;
  for (let i = 0; i < values.length && index < 0; i++) {
    try {
      step.operator!.apply(values[i], rows?.[i]);
    } catch {
      index = i;
    }
  }
  const where = index >= 0 ? `records[${index}].${step.field}` : `field ${step.field}`;
  return new VeilError(err.kind, err.message, {
    where,
    ...(err.hint ? { hint: err.hint } : {}),
    ...(err.code ? { code: err.code } : {}),
  });
}

/** Top-level fields of a record, counting a nested object's fields one level down (dotted fields). */
function leafCount(record: Record<string, unknown>): number {
  let n = 0;
  for (const v of Object.values(record)) {
    n += v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).length : 1;
  }
  return n;
}
