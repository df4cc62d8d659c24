import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { anonymizeGlobal, type GlobalRecodingResult } from '../anonymize/anonymize.js';
import {
  hierarchyFromSpec,
  parseAnonymizationConfig,
  type AnonymizationConfig,
} from '../anonymize/config.js';
import type { QuasiIdentifierInput, SensitiveInput } from '../anonymize/encode.js';
import { parseHierarchyCsv, type Hierarchy } from '../anonymize/hierarchy.js';
import { mondrian, type MondrianColumn } from '../anonymize/mondrian.js';
import { analyzeClasses, type AtRiskRecord, type RiskReport } from '../anonymize/risk.js';
import { InputError, UsageError } from '../core/errors.js';
import { openDataset, type Dataset } from './dataset.js';
import { sqlIdent, type Engine } from './duckdb.js';
import { writeQuery } from './write.js';

const ROW = '__veil_row';

/** Fails before any work when a named column is not in the dataset. */
export function requireColumns(dataset: Dataset, names: readonly string[], where: string): void {
  const known = new Set(dataset.columns.map((c) => c.name));
  for (const name of names) {
    if (!known.has(name)) {
      throw new UsageError(`unknown column ${name}`, {
        where,
        hint: `the dataset has: ${dataset.columns.map((c) => c.name).join(', ')}`,
      });
    }
  }
}

export interface RiskJobOptions {
  quasi: string[];
  sensitive?: string[];
  populationSize?: number;
  threshold?: number;
  mostAtRisk?: number;
}

export type RiskJobReport = RiskReport & {
  dataset: string;
  quasiIdentifiers: string[];
  mostAtRisk: AtRiskRecord[];
};

/** Risk of a dataset; the equivalence-class group-bys run in DuckDB. */
export async function runRiskJob(
  engine: Engine,
  path: string,
  options: RiskJobOptions,
): Promise<RiskJobReport> {
  if (options.quasi.length === 0)
    throw new UsageError('no quasi-identifiers given', { hint: 'use --quasi a,b,c' });
  const dataset = await openDataset(engine, path);
  try {
    requireColumns(dataset, [...options.quasi, ...(options.sensitive ?? [])], '--quasi/--sensitive');
    const keys = options.quasi.map(sqlIdent).join(', ');
    const classRows = await engine.all(
      `SELECT to_json(list_value(${options.quasi.map((q) => `CAST(${sqlIdent(q)} AS VARCHAR)`).join(', ')}))::VARCHAR AS k, count(*) AS n FROM ${dataset.relation} GROUP BY ALL`,
    );
    const classIndex = new Map(classRows.map((r, i) => [String(r.k), i]));
    const sizes = classRows.map((r) => Number(r.n));
    const sensitive = [];
    for (const s of options.sensitive ?? []) {
      const rows = await engine.all(
        `SELECT to_json(list_value(${options.quasi.map((q) => `CAST(${sqlIdent(q)} AS VARCHAR)`).join(', ')}))::VARCHAR AS k, coalesce(CAST(${sqlIdent(s)} AS VARCHAR), '') AS v, count(*) AS n FROM ${dataset.relation} GROUP BY ALL`,
      );
      const histograms = sizes.map(() => new Map<string, number>());
      for (const r of rows) histograms[classIndex.get(String(r.k))!]!.set(String(r.v), Number(r.n));
      sensitive.push({ attribute: s, histograms });
    }
    const report = analyzeClasses({ sizes, sensitive }, options);
    const atRisk = await engine.all(
      `SELECT r, n FROM (SELECT row_number() OVER () AS r, count(*) OVER (PARTITION BY ${keys}) AS n FROM ${dataset.relation}) ORDER BY n, r LIMIT ${Math.max(0, Math.floor(options.mostAtRisk ?? 10))}`,
    );
    const mostAtRisk = atRisk.map((r) => ({
      row: Number(r.r),
      classSize: Number(r.n),
      risk: 1 / Number(r.n),
    }));
    return { dataset: path, quasiIdentifiers: options.quasi, ...report, mostAtRisk };
  } finally {
    await dataset.close();
  }
}

export interface AnonymizeJobOptions {
  configPath: string;
  out: string;
  format?: string;
}

export interface AnonymizeJobReport {
  dataset: string;
  out: string;
  method: 'global' | 'mondrian';
  rows: number;
  written: number;
  suppressed: number;
  classes: number;
  /** Global recoding: the chosen level per quasi-identifier. */
  levels?: Record<string, number>;
  metric?: string;
  metrics: Record<string, number>;
  search?: GlobalRecodingResult['stats'] & { mode: string };
  risk: { highestProsecutor: number; averageProsecutor: number };
}

/** Loads the config and hierarchies, checks everything, anonymizes and writes atomically. */
export async function runAnonymizeJob(
  engine: Engine,
  path: string,
  options: AnonymizeJobOptions,
): Promise<AnonymizeJobReport> {
  const config = await loadConfig(options.configPath);
  const hierarchies = await loadHierarchies(config, options.configPath);
  const dataset = await openDataset(engine, path);
  try {
    const quasiNames = Object.keys(config.quasi);
    const sensitiveNames = Object.keys(config.sensitive);
    requireColumns(dataset, quasiNames, `${options.configPath}:quasi`);
    requireColumns(dataset, sensitiveNames, `${options.configPath}:sensitive`);
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE __veil_src AS SELECT row_number() OVER () AS ${ROW}, * FROM ${dataset.relation}`,
    );
    const columns = await readColumns(engine, [...quasiNames, ...sensitiveNames]);
    const result =
      config.method === 'mondrian'
        ? runMondrian(config, hierarchies, quasiNames, columns)
        : runGlobal(config, hierarchies, quasiNames, sensitiveNames, columns);
    const written = await writeRecoded(engine, quasiNames, result, options, config.dropSuppressed);
    const sizes = result.classSizes;
    return {
      dataset: path,
      out: options.out,
      method: config.method,
      rows: result.rows,
      written,
      suppressed: result.suppressedCount,
      classes: sizes.length,
      ...result.extra,
      risk: {
        highestProsecutor: sizes.length ? 1 / Math.min(...sizes) : 0,
        averageProsecutor: sizes.length ? sizes.length / (result.rows - result.suppressedCount) : 0,
      },
    };
  } finally {
    await engine.run('DROP TABLE IF EXISTS __veil_src; DROP TABLE IF EXISTS __veil_gen');
    await dataset.close();
  }
}

async function loadConfig(configPath: string): Promise<AnonymizationConfig> {
  const text = await readFile(configPath, 'utf8').catch(() => {
    throw new UsageError(`cannot read the config ${configPath}`, {
      where: configPath,
      hint: 'check --config',
    });
  });
  return parseAnonymizationConfig(text, configPath);
}

async function loadHierarchies(
  config: AnonymizationConfig,
  configPath: string,
): Promise<Map<string, Hierarchy | undefined>> {
  const base = dirname(resolve(configPath));
  const texts = new Map<string, string>();
  const files = [
    ...Object.values(config.quasi).flatMap((s) => (s.type === 'csv' ? [s.file] : [])),
    ...Object.values(config.sensitive).flatMap((s) => (s ? [s.hierarchy] : [])),
  ];
  for (const file of files) {
    const text = await readFile(resolve(base, file), 'utf8').catch(() => {
      throw new UsageError(`cannot read the hierarchy file ${file}`, {
        where: configPath,
        hint: 'paths are relative to the config',
      });
    });
    texts.set(file, text);
  }
  const csv = (file: string) => parseHierarchyCsv(texts.get(file)!, file);
  const out = new Map<string, Hierarchy | undefined>();
  for (const [name, spec] of Object.entries(config.quasi)) out.set(name, hierarchyFromSpec(spec, csv));
  for (const [name, spec] of Object.entries(config.sensitive))
    out.set(`sensitive:${name}`, spec ? csv(spec.hierarchy) : undefined);
  return out;
}

async function readColumns(engine: Engine, names: string[]): Promise<Map<string, (string | null)[]>> {
  const select = names.map((n) => `CAST(${sqlIdent(n)} AS VARCHAR)`).join(', ');
  const reader = await engine.connection.runAndReadAll(`SELECT ${select} FROM __veil_src ORDER BY ${ROW}`);
  const columns = reader.getColumnsJS() as (string | null)[][];
  return new Map(names.map((n, i) => [n, columns[i]!]));
}

interface Recoded {
  rows: number;
  /** Generalized value of quasi-identifier q in row r: value(q, r). */
  value(q: number, row: number): string;
  suppressed: Uint8Array;
  suppressedCount: number;
  classSizes: number[];
  extra: Pick<AnonymizeJobReport, 'levels' | 'metric' | 'metrics' | 'search'>;
}

function runGlobal(
  config: AnonymizationConfig,
  hierarchies: Map<string, Hierarchy | undefined>,
  quasiNames: string[],
  sensitiveNames: string[],
  columns: Map<string, (string | null)[]>,
): Recoded {
  const quasi: QuasiIdentifierInput[] = quasiNames.map((name) => {
    const hierarchy = hierarchies.get(name);
    if (!hierarchy) {
      throw new UsageError(`global recoding needs a hierarchy for ${name}`, {
        where: `quasi.${name}`,
        hint: 'use type csv, interval, date or mask (numeric/categorical are for mondrian)',
      });
    }
    return { name, hierarchy, values: columns.get(name)! };
  });
  const sensitive: SensitiveInput[] = sensitiveNames.map((name) => ({
    name,
    values: columns.get(name)!,
    hierarchy: hierarchies.get(`sensitive:${name}`),
  }));
  const result = anonymizeGlobal(quasi, sensitive, {
    models: config.models,
    suppressionLimit: config.suppression,
    metric: config.metric,
    search: config.search,
  });
  return {
    rows: result.suppressed.length,
    value: (q, row) => result.columns[q]![row]!,
    suppressed: result.suppressed,
    suppressedCount: result.suppressedCount,
    classSizes: classSizesOf(result.columns, result.suppressed),
    extra: {
      levels: result.levels,
      metric: result.metric,
      metrics: result.metrics,
      search: { ...result.stats, mode: result.search },
    },
  };
}

function runMondrian(
  config: AnonymizationConfig,
  hierarchies: Map<string, Hierarchy | undefined>,
  quasiNames: string[],
  columns: Map<string, (string | null)[]>,
): Recoded {
  const kModel = config.models.find((m) => m.kind === 'k-anonymity');
  if (!kModel || config.models.length > 1) {
    throw new UsageError('mondrian supports exactly one model, k-anonymity', { where: 'models' });
  }
  const input: MondrianColumn[] = quasiNames.map((name) => {
    const spec = config.quasi[name]!;
    const values = columns.get(name)!;
    if (spec.type === 'numeric' || spec.type === 'interval') {
      return {
        name,
        kind: 'numeric',
        values: values.map((v) => (v === null || v.trim() === '' ? NaN : Number(v))),
      };
    }
    return { name, kind: 'categorical', values, hierarchy: hierarchies.get(name) };
  });
  const result = mondrian(input, kModel.k);
  const rows = result.partitionOfRow.length;
  return {
    rows,
    value: (q, row) => result.label(result.partitionOfRow[row]!, q),
    suppressed: new Uint8Array(rows),
    suppressedCount: 0,
    classSizes: result.partitions.map((p) => p.end - p.start),
    extra: { metrics: { ncp: result.ncp } },
  };
}

function classSizesOf(columns: string[][], suppressed: Uint8Array): number[] {
  const counts = new Map<string, number>();
  for (let row = 0; row < suppressed.length; row++) {
    if (suppressed[row]) continue;
    const key = columns.map((c) => c[row]).join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()];
}

async function writeRecoded(
  engine: Engine,
  quasiNames: string[],
  recoded: Recoded,
  options: AnonymizeJobOptions,
  dropSuppressed: boolean,
): Promise<number> {
  const genColumns = quasiNames.map((_, i) => `q${i} VARCHAR`).join(', ');
  await engine.run(`CREATE OR REPLACE TEMP TABLE __veil_gen (${ROW} BIGINT, ${genColumns})`);
  const appender = await engine.connection.createAppender('__veil_gen');
  for (let row = 0; row < recoded.rows; row++) {
    if (dropSuppressed && recoded.suppressed[row]) continue;
    appender.appendBigInt(BigInt(row + 1));
    for (let q = 0; q < quasiNames.length; q++) appender.appendVarchar(recoded.value(q, row));
    appender.endRow();
  }
  appender.closeSync();
  const replace = quasiNames.map((name, i) => `g.q${i} AS ${sqlIdent(name)}`).join(', ');
  const select = `SELECT s.* EXCLUDE (${ROW}) REPLACE (${replace}) FROM __veil_src s JOIN __veil_gen g ON s.${ROW} = g.${ROW} ORDER BY s.${ROW}`;
  const written = await writeQuery(engine, select, options.out, { format: options.format });
  if (written.rows !== recoded.rows - (dropSuppressed ? recoded.suppressedCount : 0)) {
    throw new InputError('the anonymized output lost rows', { hint: 'please report it' });
  }
  return written.rows;
}
