import { randomBytes } from 'node:crypto';
import { UsageError } from '../core/errors.js';
import type { ApproxDp } from '../dp/accountant.js';
import { planQuery, type QueryPlan } from '../dp/plan.js';
import { CryptoRandomSource, type RandomSource } from '../dp/random.js';
import {
  alignToPublicKeys,
  releaseAggregates,
  type GroupAggregate,
  type ReleasedRow,
} from '../dp/release.js';
import { publicKeyTuples, type DpQuerySpec } from '../dp/spec.js';
import type { Dataset } from './dataset.js';
import { duckdbInputError } from './duckdb-errors.js';
import { sqlIdent, sqlString, type Engine } from './duckdb.js';

/**
 * DP statistics over a dataset. DuckDB does the heavy part: it enforces the contribution bounds
 * per subject (at most r rows per group, at most m groups, values clamped and snapped to the grid)
 * and computes exact integer aggregates per group; src/dp then adds the noise and selects
 * partitions. Exact integer sums (HUGEINT) mean no floating-point error reaches the noise.
 */

export interface DpQueryResult {
  statistic: DpQuerySpec['statistic'];
  column: string | null;
  groupBy: string[];
  rows: Array<{
    group: Record<string, unknown>;
    value: number;
    interval: [number, number] | null;
    quantiles?: ReleasedRow['quantiles'];
  }>;
  confidence: number;
  spent: ApproxDp;
  noise: Array<{ measures: string; mechanism: string; scale: number; epsilon: number }>;
  selection: { threshold: number; scale: number; epsilon: number; delta: number } | null;
  bounds: {
    maxGroupsPerSubject: number;
    maxRowsPerGroup: number;
    lower: number | null;
    upper: number | null;
    granularity: number | null;
  };
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\))$/;

/** Checks the spec against the dataset's columns and plans the budget, before any row is read. */
export function prepareDpQuery(dataset: Dataset, spec: DpQuerySpec): QueryPlan {
  const types = new Map(dataset.columns.map((c) => [c.name, c.type]));
  const need = (name: string, role: string): string => {
    const type = types.get(name);
    if (type === undefined) {
      throw new UsageError(`the ${role} column ${JSON.stringify(name)} is not in the dataset`, {
        where: dataset.path,
        hint: `columns are: ${[...types.keys()].slice(0, 20).join(', ')}`,
      });
    }
    return type;
  };
  need(spec.subject, 'subject');
  for (const g of spec.groupBy) need(g, 'group-by');
  if (spec.statistic !== 'count' && spec.column !== undefined) {
    const type = need(spec.column, 'value');
    if (!NUMERIC.test(type)) {
      throw new UsageError(`the value column ${JSON.stringify(spec.column)} is ${type}, not numeric`, {
        where: dataset.path,
        hint: 'choose a numeric column for sum, mean, variance and quantiles',
      });
    }
  }
  return planQuery(spec);
}

/** Runs a prepared query: bounded aggregation in DuckDB, then noise and partition selection. */
export async function executeDpQuery(
  engine: Engine,
  dataset: Dataset,
  plan: QueryPlan,
  rng: RandomSource = new CryptoRandomSource(),
): Promise<DpQueryResult> {
  const groups = await boundedAggregates(engine, dataset, plan);
  const keys = publicKeyTuples(plan.spec);
  return describe(plan, releaseAggregates(plan, keys ? alignToPublicKeys(groups, keys) : groups, rng));
}

/**
 * The exact contribution-bounded aggregates per group, before any noise. Never print these: they
 * are the private values. Exposed for tests of the bounds and for accuracy benchmarks.
 */
export async function boundedAggregates(
  engine: Engine,
  dataset: Dataset,
  plan: QueryPlan,
  seed: string = randomBytes(16).toString('hex'),
): Promise<GroupAggregate[]> {
  let rows: Record<string, unknown>[];
  try {
    rows = await engine.all(aggregationSql(dataset.relation, plan, seed));
  } catch (err) {
    throw duckdbInputError(err, dataset.path);
  }
  const groups = rows.map((row) => toAggregate(row, plan));
  if (plan.spec.groupBy.length > 0) groups.sort((a, b) => compareKeys(a.key, b.key));
  return groups;
}

const G = (i: number): string => `__g${i}`;

/** The SQL computing contribution-bounded aggregates per group (exported for tests and benches). */
export function aggregationSql(relation: string, plan: QueryPlan, seed: string): string {
  const { spec } = plan;
  const keys = spec.groupBy.map((_, i) => G(i));
  const keyList = keys.map((k) => `${k}, `).join('');
  const seedLit = sqlString(seed);
  const subject = sqlIdent(spec.subject);
  const keySelect = spec.groupBy.map((g, i) => `${sqlIdent(g)} AS ${G(i)}, `).join('');
  const groupRank = keys.length
    ? `QUALIFY row_number() OVER (PARTITION BY __s ORDER BY hash(__s, ${keyList}${seedLit}), ${keys.join(', ')}) <= ${plan.m}`
    : '';
  const final = (aggregates: string, from: string): string =>
    keys.length
      ? `SELECT ${keyList}${aggregates} FROM ${from} GROUP BY ${keys.join(', ')}`
      : `SELECT ${aggregates} FROM ${from}`;
  if (spec.statistic === 'count') {
    return `WITH pairs AS (
      SELECT ${keySelect}${subject} AS __s, least(count(*), ${plan.r}) AS __n
      FROM ${relation} WHERE ${subject} IS NOT NULL GROUP BY ALL
    ), kept AS (SELECT * FROM pairs ${groupRank})
    ${final('count(*) AS __subjects, sum(__n) AS __count', 'kept')}`;
  }
  const x = `CAST(${sqlIdent(spec.column!)} AS DOUBLE)`;
  const c = `greatest(${num(spec.lower!)}, least(${num(spec.upper!)}, __x))`;
  const valued = valueColumns(plan, c);
  const rowsKept = `SELECT * FROM valued QUALIFY row_number() OVER (PARTITION BY __s${keys.map((k) => `, ${k}`).join('')} ORDER BY hash(__s, __c, ${seedLit})) <= ${plan.r}`;
  const head = `WITH base AS (
      SELECT ${keySelect}${subject} AS __s, ${x} AS __x FROM ${relation}
      WHERE ${subject} IS NOT NULL AND ${x} IS NOT NULL AND NOT isnan(${x})
    ), valued AS (SELECT ${keyList}__s, ${c} AS __c${valued} FROM base),
    rows_kept AS (${rowsKept})`;
  if (spec.statistic === 'quantile') {
    const ranked = keys.length
      ? `SELECT * FROM rows_kept QUALIFY dense_rank() OVER (PARTITION BY __s ORDER BY hash(__s, ${keyList}${seedLit}), ${keys.join(', ')}) <= ${plan.m}`
      : 'SELECT * FROM rows_kept';
    return `${head}, kept AS (${ranked})
    ${final('count(DISTINCT __s) AS __subjects, count(*) AS __count, histogram(__bin) AS __bins', 'kept')}`;
  }
  const sums = ['count(*) AS __n', 'sum(__v) AS __sum', ...(plan.gridSquares ? ['sum(__v2) AS __sum2'] : [])];
  return `${head}, pairs AS (SELECT ${keyList}__s, ${sums.join(', ')} FROM rows_kept GROUP BY ALL),
    kept AS (SELECT * FROM pairs ${groupRank})
    ${final(`count(*) AS __subjects, sum(__n) AS __count, sum(__sum) AS __sum${plan.gridSquares ? ', sum(__sum2) AS __sum2' : ''}`, 'kept')}`;
}

/** Extra per-row columns: grid integers (clamped again after rounding) or a histogram bin. */
function valueColumns(plan: QueryPlan, clamped: string): string {
  const { spec } = plan;
  if (spec.statistic === 'quantile') {
    const width = `(${num(spec.upper!)} - ${num(spec.lower!)})`;
    return `, least(${spec.bins - 1}, greatest(0, floor((${clamped} - ${num(spec.lower!)}) / ${width} * ${spec.bins})))::INTEGER AS __bin`;
  }
  const g = plan.grid!;
  const shifted = plan.center === 0 ? clamped : `(${clamped} - ${num(plan.center)})`;
  let cols = `, greatest(${g.lo}, least(${g.hi}, round(${shifted} * ${num(2 ** -g.k)})))::BIGINT AS __v`;
  if (plan.gridSquares) {
    const s = plan.gridSquares;
    cols += `, greatest(${s.lo}, least(${s.hi}, round(${shifted} * ${shifted} * ${num(2 ** -s.k)})))::BIGINT AS __v2`;
  }
  return cols;
}

/** A double literal that DuckDB parses back to exactly the same double. */
function num(x: number): string {
  return `CAST(${sqlString(String(x))} AS DOUBLE)`;
}

function big(v: unknown): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  return BigInt(String(v));
}

function toAggregate(row: Record<string, unknown>, plan: QueryPlan): GroupAggregate {
  const aggregate: GroupAggregate = {
    key: plan.spec.groupBy.map((_, i) => row[G(i)]),
    subjects: big(row.__subjects),
    count: big(row.__count),
  };
  if ('__sum' in row) aggregate.sum = big(row.__sum);
  if ('__sum2' in row) aggregate.sumSquares = big(row.__sum2);
  if ('__bins' in row) {
    const bins = new Array<number>(plan.spec.bins).fill(0);
    for (const entry of (row.__bins ?? []) as Array<{ key: number; value: unknown }>)
      bins[entry.key] = Number(big(entry.value));
    aggregate.bins = bins;
  }
  return aggregate;
}

function compareKeys(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = String(a[i] ?? '');
    const y = String(b[i] ?? '');
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function describe(plan: QueryPlan, rows: ReleasedRow[]): DpQueryResult {
  const { spec } = plan;
  const gridScale = (mech: { scale: number }, k: number | undefined): number => mech.scale * 2 ** (k ?? 0);
  const noise: DpQueryResult['noise'] = [];
  const add = (measures: string, mech: QueryPlan['count'], k?: number): void => {
    if (mech && 'epsilon' in mech.cost)
      noise.push({ measures, mechanism: mech.name, scale: gridScale(mech, k), epsilon: mech.cost.epsilon });
  };
  add(plan.selection?.on === 'count' ? 'count (also selects the groups)' : 'count', plan.count);
  add('sum', plan.sum, plan.grid?.k);
  add('sum of squares', plan.sumSquares, plan.gridSquares?.k);
  if (plan.quantileEpsilon !== undefined) {
    noise.push({
      measures: 'quantile (exponential mechanism, per group and level)',
      mechanism: 'exponential',
      scale: 0,
      epsilon: plan.quantileEpsilon,
    });
  }
  const sel = plan.selection;
  return {
    statistic: spec.statistic,
    column: spec.column ?? null,
    groupBy: spec.groupBy,
    rows: rows.map((r) => ({
      group: Object.fromEntries(spec.groupBy.map((g, i) => [g, r.key[i]])),
      value: r.value,
      interval: r.interval,
      ...(r.quantiles ? { quantiles: r.quantiles } : {}),
    })),
    confidence: spec.confidence,
    spent: plan.cost,
    noise,
    selection: sel
      ? { threshold: sel.threshold, scale: sel.scale, epsilon: sel.epsilon, delta: sel.delta }
      : null,
    bounds: {
      maxGroupsPerSubject: plan.m,
      maxRowsPerGroup: plan.r,
      lower: spec.lower ?? null,
      upper: spec.upper ?? null,
      granularity: plan.grid?.k ?? null,
    },
  };
}
