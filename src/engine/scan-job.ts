import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  ColumnClassifier,
  columnAnalyzers,
  nameSignal,
  verifierRegExp,
  verifiersFor,
  verifies,
  type ColumnAnalyzers,
  type ColumnScan,
  type VerifiedSummary,
  type Verifier,
} from '../detect/columns/index.js';
import type { NameModel } from '../detect/name-model.js';
import { defaultModelPath, loadNameModel } from '../detect/ner/index.js';
import { openDataset, type Dataset, type OpenOptions } from './dataset.js';
import { sqlIdent, sqlString, withEngine, type Engine } from './duckdb.js';
import { duckdbInputError } from './duckdb-errors.js';
import { detectFileKind, type DatasetFormat } from './format.js';

export type {
  Candidate,
  ColumnScan,
  Evidence,
  FreeTextInfo,
  QuasiIdentifierKind,
  Risk,
} from '../detect/columns/index.js';

/** Rows examined by default: spread over the whole file by reservoir sampling. */
export const DEFAULT_SAMPLE_ROWS = 10_000;

export interface ScanOptions extends OpenOptions {
  /** Rows to sample (default 10 000), spread uniformly over the whole dataset. */
  sample?: number;
  /** Examine every row: exact shares for the candidate types, exact null counts. */
  full?: boolean;
  /** The name model for PERSON/LOCATION values; default the bundled one, `null` for none. */
  nameModel?: NameModel | null;
  /** Called as rows are read in a full scan. */
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
  /** "Now" for birth-date plausibility (default: this year). */
  referenceYear?: number;
  /** Reuse an open engine (the caller closes it). */
  engine?: Engine;
}

export interface ScanReport {
  dataset: string;
  format: DatasetFormat;
  /** Rows in the dataset (after quarantined records were set aside). */
  rows: number;
  /** Rows examined for values. */
  examinedRows: number;
  /** True when fewer rows were examined than the dataset has. */
  sampled: boolean;
  mode: 'sample' | 'full';
  /** Riskiest first: high, medium, low, none; then by score. */
  columns: ColumnScan[];
  /** Columns per entity type (and per quasi-identifier hint, as `qi:<kind>`). */
  summary: Record<string, number>;
  quarantined: number;
  notes: string[];
}

/**
 * Scans a dataset (CSV, JSONL with nested fields as dotted paths, Parquet) and classifies every
 * column. The library API behind `veil scan DATASET`; policy and catalog features call it too.
 */
export async function scanDataset(path: string, options: ScanOptions = {}): Promise<ScanReport> {
  const format = detectFileKind(path, options.format).format;
  if (existsSync(path) && (await stat(path)).size === 0) return emptyReport(path, format);
  if (options.engine) return scanWith(options.engine, path, options);
  return withEngine((engine) => scanWith(engine, path, options));
}

async function scanWith(engine: Engine, path: string, options: ScanOptions): Promise<ScanReport> {
  const dataset = await openDataset(engine, path, options);
  try {
    const model = nameModelFor(options);
    const analyzers = columnAnalyzers(model.model);
    const rows = await dataset.rowCount();
    const sampleRows = Math.max(1, options.sample ?? DEFAULT_SAMPLE_ROWS);
    const referenceYear = options.referenceYear ?? new Date().getUTCFullYear();
    const make = (
      name: string,
      type: string,
      a: ColumnAnalyzers,
      extra: { freeText?: boolean; model?: NameModel },
    ) =>
      new ColumnClassifier(name, type, {
        analyzer: a.values,
        textAnalyzer: a.text,
        nameModel: extra.model,
        referenceYear,
        freeText: extra.freeText,
      });
    const sampled = dataset.columns.map((c) => make(c.name, c.type, analyzers, { model: model.model }));
    const sampleSql =
      rows > sampleRows
        ? `SELECT ${castList(dataset)} FROM ${dataset.relation} USING SAMPLE reservoir(${sampleRows} ROWS) REPEATABLE (42)`
        : `SELECT ${castList(dataset)} FROM ${dataset.relation}`;
    const examined = await feed(engine, path, sampleSql, sampled);
    let columns = sampled.map((c) => c.result());
    const notes = [...model.notes];
    if (rows === 0) notes.push('the dataset has no rows: types come from column names alone');
    if (options.full && rows > 0) {
      columns = await fullScan(engine, dataset, columns, rows, model.model, options, referenceYear);
    }
    return {
      dataset: path,
      format: dataset.format,
      rows,
      examinedRows: options.full ? rows : examined,
      sampled: !options.full && examined < rows,
      mode: options.full ? 'full' : 'sample',
      columns: rank(columns),
      summary: summarize(columns),
      quarantined: dataset.quarantined,
      notes,
    };
  } finally {
    await dataset.close();
  }
}

/**
 * The exact pass over the columns that matter (a type, a hint or free text), against the types
 * the sample proposed. Values a full-mode verifier accepts (src/detect/columns/verifiers.ts: an
 * anchored pattern per entity) are counted inside DuckDB, in one multi-threaded pass over every
 * such column, without crossing into JavaScript. The other values go to the column classifier,
 * once per distinct value with its count when the column repeats its values, else row by row;
 * verifiers that need a checksum run there first. Null and distinct counts for all columns come
 * from DuckDB (distinct counts by HyperLogLog, within a few percent).
 */
async function fullScan(
  engine: Engine,
  dataset: Dataset,
  fromSample: ColumnScan[],
  rows: number,
  model: NameModel | undefined,
  options: ScanOptions,
  referenceYear: number,
): Promise<ColumnScan[]> {
  const counts = await exactCounts(engine, dataset);
  const plans: FullPlan[] = fromSample
    .map((scan, index) => ({ scan, index }))
    .filter(
      ({ scan }) =>
        scan.entity !== null ||
        scan.quasiIdentifier !== null ||
        scan.freeText !== null ||
        scan.candidates.length > 0,
    )
    .map(({ scan, index }) => {
      const entities = [...new Set(scan.candidates.map((c) => c.entity))];
      const needsModel =
        entities.some((e) => e === 'PERSON' || e === 'LOCATION') || scan.quasiIdentifier === 'city';
      const a = columnAnalyzers(model, entities);
      const classifier = new ColumnClassifier(scan.name, scan.type, {
        analyzer: a.values,
        textAnalyzer: columnAnalyzers(model).text,
        nameModel: needsModel ? model : undefined,
        referenceYear,
        freeText: scan.freeText !== null,
        examples: scan.examples,
      });
      const verifiers = verifiersFor(entities, nameSignal(scan.name), scan.freeText !== null);
      return {
        index,
        classifier,
        inSql: verifiers.filter((v) => !v.verifier.check),
        inJs: verifiers
          .filter((v) => v.verifier.check)
          .map((v) => ({ ...v, re: verifierRegExp(v.verifier) })),
      };
    });
  const out = fromSample.slice();
  const steps = plans.length + 1;
  let step = 0;
  const progress = () => options.onProgress?.(Math.floor((++step / steps) * rows), rows);
  await countVerified(engine, dataset, plans);
  progress();
  for (const plan of plans) {
    const c = counts[plan.index]!;
    const dedupe = c.distinct <= Math.max(DEDUPE_MIN, (rows - c.nulls) * DEDUPE_SHARE);
    await feedRest(engine, dataset, plan, dedupe);
    plan.classifier.setExactCounts(rows, c.nulls, c.distinct);
    out[plan.index] = plan.classifier.result();
    progress();
  }
  counts.forEach((c, index) => {
    if (plans.some((p) => p.index === index)) return;
    const scan = out[index]!;
    const nonNull = rows - c.nulls;
    out[index] = {
      ...scan,
      examined: rows,
      nullShare: round(c.nulls / rows),
      distinctRatio: nonNull === 0 ? 0 : round(Math.min(1, c.distinct / nonNull)),
    };
  });
  options.onProgress?.(rows, rows);
  return out;
}

/** Columns with at most this share of distinct values are read once per distinct value. */
const DEDUPE_SHARE = 0.5;
const DEDUPE_MIN = 100_000;

interface FullPlan {
  index: number;
  classifier: ColumnClassifier;
  /** Verifiers counted in SQL (pattern only). */
  inSql: { verifier: Verifier; compat: boolean }[];
  /** Verifiers with a checksum, run in JavaScript on the values the SQL verifiers left. */
  inJs: { verifier: Verifier; compat: boolean; re: RegExp }[];
}

/** The SQL predicate "value v is accepted by the k-th SQL verifier of its column (and no earlier one)". */
function verifierMatch(v: string, verifier: Verifier): string {
  const flags = verifier.ignoreCase ? `, 'i'` : '';
  const excluded = verifier.exclude?.length
    ? ` AND ${v} NOT IN (${verifier.exclude.map(sqlString).join(', ')})`
    : '';
  return `(regexp_full_match(${v}, ${sqlString(verifier.pattern)}${flags})${excluded})`;
}

/** One pass over every column with SQL verifiers: counts, lengths, tokens, distinct values, dates. */
async function countVerified(engine: Engine, dataset: Dataset, plans: FullPlan[]): Promise<void> {
  const used = plans.filter((p) => p.inSql.length > 0);
  if (used.length === 0) return;
  const casts: string[] = [];
  const matches: string[] = [];
  const aggregates: string[] = [];
  for (const plan of used) {
    const v = `v${plan.index}`;
    casts.push(`${castColumn(dataset.columns[plan.index]!.name)} AS ${v}`);
    const earlier: string[] = [];
    plan.inSql.forEach(({ verifier }, k) => {
      const m = `m${plan.index}_${k}`;
      const match = verifierMatch(v, verifier);
      matches.push(`${earlier.length ? `${match} AND NOT (${earlier.join(' OR ')})` : match} AS ${m}`);
      earlier.push(match);
      const f = `FILTER (WHERE ${m})`;
      aggregates.push(
        `count(*) ${f} AS c_${m}`,
        `sum(length(${v})) ${f} AS l_${m}`,
        `sum(length(${v}) - length(replace(${v}, ' ', '')) + 1) ${f} AS t_${m}`,
        `approx_count_distinct(${v}) ${f} AS d_${m}`,
      );
      if (verifier.date) {
        // A time of day other than midnight: hh:mm at 12-16, :ss at 17-19 when present.
        const time = `length(${v}) > 10 AND (substr(${v}, 12, 2) <> '00' OR substr(${v}, 15, 2) <> '00' OR (substr(${v}, 17, 1) = ':' AND substr(${v}, 18, 2) <> '00'))`;
        aggregates.push(
          `count(*) FILTER (WHERE ${m} AND ${time}) AS dt_${m}`,
          `histogram(TRY_CAST(substr(${v}, 1, 4) AS INTEGER)) ${f} AS y_${m}`,
        );
      }
    });
  }
  const vs = used.map((p) => `v${p.index}`).join(', ');
  const sql = `SELECT ${aggregates.join(', ')} FROM (SELECT ${vs}, ${matches.join(', ')} FROM (SELECT ${casts.join(', ')} FROM ${dataset.relation}))`;
  const row = (await guarded(dataset.path, () => engine.all(sql)))[0] ?? {};
  for (const plan of used) {
    plan.inSql.forEach(({ verifier, compat }, k) => {
      const m = `m${plan.index}_${k}`;
      const summary: VerifiedSummary = {
        entity: verifier.entity,
        count: Number(row[`c_${m}`] ?? 0),
        lengthSum: Number(row[`l_${m}`] ?? 0),
        tokenSum: Number(row[`t_${m}`] ?? 0),
        distinct: Number(row[`d_${m}`] ?? 0),
        compat,
      };
      if (verifier.date) {
        summary.dateTimes = Number(row[`dt_${m}`] ?? 0);
        summary.years = yearCounts(row[`y_${m}`]);
      }
      plan.classifier.addVerified(summary);
    });
  }
}

/** A DuckDB histogram (MAP year -> count) as returned by engine.all. */
function yearCounts(value: unknown): Map<number, number> {
  const out = new Map<number, number>();
  if (value === null || value === undefined) return out;
  const entries: unknown =
    !Array.isArray(value) && typeof value === 'object' && 'entries' in value
      ? (value as { entries: unknown }).entries
      : value;
  if (Array.isArray(entries)) {
    for (const e of entries as { key: unknown; value: unknown }[]) out.set(Number(e.key), Number(e.value));
  } else if (entries instanceof Map) {
    for (const [k, n] of entries as Map<unknown, unknown>) out.set(Number(k), Number(n));
  } else if (typeof entries === 'object' && entries !== null) {
    for (const [k, n] of Object.entries(entries)) out.set(Number(k), Number(n));
  }
  return out;
}

/** The values no SQL verifier accepted, into the classifier (per distinct value when `dedupe`). */
async function feedRest(engine: Engine, dataset: Dataset, plan: FullPlan, dedupe: boolean): Promise<void> {
  const v = 'v';
  const accepted = plan.inSql.map(({ verifier }) => verifierMatch(v, verifier));
  const where = accepted.length ? ` WHERE NOT coalesce(${accepted.join(' OR ')}, false)` : '';
  const source = `(SELECT ${castColumn(dataset.columns[plan.index]!.name)} AS ${v} FROM ${dataset.relation})`;
  const sql = dedupe
    ? `SELECT ${v}, count(*) AS n FROM ${source}${where} GROUP BY ${v}`
    : `SELECT ${v} FROM ${source}${where}`;
  const { classifier, inJs } = plan;
  await guarded(dataset.path, async () => {
    const result = await engine.connection.stream(sql);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const values = chunk.getColumnValues(0);
      const weights = dedupe ? chunk.getColumnValues(1) : undefined;
      for (let r = 0; r < values.length; r++) {
        const raw = values[r];
        const weight = weights ? Number(weights[r]) : 1;
        const hit = typeof raw === 'string' ? inJs.find((j) => verifies(j.verifier, raw, j.re)) : undefined;
        if (hit && typeof raw === 'string')
          classifier.addVerifiedValue(hit.verifier.entity, raw, hit.compat, weight);
        else classifier.add(raw, weight);
      }
    }
  });
}

async function exactCounts(engine: Engine, dataset: Dataset): Promise<{ nulls: number; distinct: number }[]> {
  const parts = dataset.columns.flatMap((c, i) => [
    `count(*) - count(${sqlIdent(c.name)}) AS n${i}`,
    `approx_count_distinct(${sqlIdent(c.name)}) AS d${i}`,
  ]);
  if (parts.length === 0) return [];
  const row =
    (
      await guarded(dataset.path, () => engine.all(`SELECT ${parts.join(', ')} FROM ${dataset.relation}`))
    )[0] ?? {};
  return dataset.columns.map((_, i) => ({
    nulls: Number(row[`n${i}`] ?? 0),
    distinct: Number(row[`d${i}`] ?? 0),
  }));
}

/** Streams a query's columns (as text) into the classifiers, chunk by chunk; returns the row count. */
async function feed(
  engine: Engine,
  path: string,
  sql: string,
  classifiers: ColumnClassifier[],
  onRows?: (done: number) => void,
): Promise<number> {
  let done = 0;
  await guarded(path, async () => {
    const result = await engine.connection.stream(sql);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      classifiers.forEach((c, i) => {
        for (const v of chunk.getColumnValues(i)) c.add(v);
      });
      done += chunk.rowCount;
      onRows?.(done);
    }
  });
  return done;
}

// Text is what a person reads: dates as 1984-02-11, numbers without float noise, lists as [a, b].
function castColumn(name: string): string {
  return `CAST(${sqlIdent(name)} AS VARCHAR)`;
}

function castList(dataset: Dataset): string {
  return dataset.columns.map((c) => castColumn(c.name)).join(', ') || '*';
}

async function guarded<T>(path: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw duckdbInputError(err, path);
  }
}

function nameModelFor(options: ScanOptions): { model: NameModel | undefined; notes: string[] } {
  if (options.nameModel === null) return { model: undefined, notes: [] };
  if (options.nameModel) return { model: options.nameModel, notes: [] };
  if (!existsSync(defaultModelPath()))
    return {
      model: undefined,
      notes: ['name model not found: PERSON and LOCATION come from column names only'],
    };
  return { model: loadNameModel(), notes: [] };
}

const RISK_ORDER = { high: 0, medium: 1, low: 2, none: 3 } as const;

function rank(columns: ColumnScan[]): ColumnScan[] {
  return columns.slice().sort((a, b) => RISK_ORDER[a.risk] - RISK_ORDER[b.risk] || b.score - a.score);
}

function summarize(columns: ColumnScan[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of columns) {
    if (c.entity) out[c.entity] = (out[c.entity] ?? 0) + 1;
    if (c.quasiIdentifier) out[`qi:${c.quasiIdentifier}`] = (out[`qi:${c.quasiIdentifier}`] ?? 0) + 1;
    if (c.freeText && c.risk !== 'none' && c.risk !== 'low') out.FREE_TEXT = (out.FREE_TEXT ?? 0) + 1;
  }
  return out;
}

function emptyReport(path: string, format: DatasetFormat): ScanReport {
  return {
    dataset: path,
    format,
    rows: 0,
    examinedRows: 0,
    sampled: false,
    mode: 'sample',
    columns: [],
    summary: {},
    quarantined: 0,
    notes: ['the file is empty: no columns and no rows'],
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
