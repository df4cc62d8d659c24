import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError, UsageError } from '../core/errors.js';
import type { Keyring } from '../crypto/keyring.js';
import type { SubjectKeyStore } from '../crypto/subject-keys.js';
import type { TokenVault } from '../crypto/vault.js';
import type { NameModel } from '../detect/index.js';
import { explain, newRunId, type Explanation, type Policy } from '../policy/index.js';
import type { OperatorDeps } from '../transform/index.js';
import { openDataset, type Dataset, type OpenOptions } from './dataset.js';
import { sqlIdent, withEngine, type Engine, type EngineOptions } from './duckdb.js';
import { detectFileKind } from './format.js';
import { compilePlan, udfColumn, udfName, type CompiledPlan, type UdfField } from './protect-plan.js';
import {
  appendQuarantine,
  describeFile,
  lineagePath,
  manifestPath,
  sha256File,
  writeManifests,
  type ProtectManifest,
  type TransformFailure,
} from './protect-manifest.js';
import {
  buildLookup,
  chooseLookups,
  lookupResult,
  registerLookups,
  startDistinctPasses,
  withLookups,
  type Lookup,
  type LookupOptions,
} from './protect-lookup.js';
import { batchApply, reasonApply, type BatchStats } from './protect-ops.js';
import { registerBatchUdf, type UdfFailure } from './udf.js';
import { writeQuery } from './write.js';

/** Keys for keyed operators; stores are opened only when a rule needs them. */
export interface ProtectKeys {
  keyring: Keyring;
  subjectKeys?: () => Promise<SubjectKeyStore & { close?(): Promise<void> }>;
  vault?: () => Promise<TokenVault>;
}

export interface ProtectOptions {
  input: string;
  output: string;
  policy: Policy;
  purpose: string;
  /** The dataset declaration in the policy; default: the one named like the input file, or the only one. */
  dataset?: string;
  /** Input format, CSV dialect and malformed-record handling; onError also decides transform failures. */
  read?: OpenOptions;
  outFormat?: string;
  /** Called only when the plan has keyed operators (so unkeyed runs need no master key). */
  keys?: () => ProtectKeys;
  /** For redact_entities: PERSON / LOCATION / ORGANIZATION detection; patterns only without it. */
  nameModel?: NameModel;
  onProgress?: (fraction: number) => void;
  engine?: EngineOptions;
  /** When deterministic operators are computed once per distinct value (see protect-lookup.ts). */
  lookup?: LookupOptions;
  /** Write rows in input order (default true); see WriteOptions.preserveOrder. */
  preserveOrder?: boolean;
}

export interface ProtectResult {
  output: string;
  manifestPath: string;
  lineagePath: string;
  manifest: ProtectManifest;
}

/**
 * `veil protect` as a library call: applies the policy's plan for a purpose to a dataset and writes
 * the output, its run manifest and its OpenLineage event. Nothing is written unless the whole run
 * succeeds; fields the policy does not declare never reach the output.
 */
export async function protectDataset(options: ProtectOptions): Promise<ProtectResult> {
  const startedAt = new Date().toISOString();
  const datasetName = options.dataset ?? inferDataset(options.policy, options.input);
  const explanation = explain(options.policy, options.purpose, datasetName);
  const outKind = detectFileKind(options.output, options.outFormat);
  return withEngine(async (engine) => {
    const data = await openDataset(engine, options.input, options.read ?? {});
    const cleanups: (() => Promise<void>)[] = [() => data.close()];
    const inputHash = sha256File(options.input);
    inputHash.catch(() => undefined);
    try {
      const columns = new Map(data.columns.map((c) => [c.name, c]));
      requireDeclaredFields(explanation, columns, options.policy.file);
      const stores = await openStores(explanation, options);
      cleanups.push(stores.close);
      const plan = await compilePlan(explanation.fields, columns, {
        deps: stores.deps,
        ...(options.nameModel ? { nameModel: options.nameModel } : {}),
      });
      await mkdir(dirname(options.output), { recursive: true });
      const tmp = join(
        dirname(options.output),
        `.veil-tmp-${randomBytes(6).toString('hex')}-${basename(options.output)}`,
      );
      try {
        const run = await execute(engine, data, plan, tmp, outKind.format, options);
        // Hashed in a worker while DuckDB counts the written values.
        const outputHash = sha256File(tmp);
        outputHash.catch(() => undefined);
        const written = await openDataset(engine, tmp, { format: outKind.format });
        const counts = await countValues(engine, written, plan);
        await written.close();
        const manifest: ProtectManifest = {
          version: 1,
          runId: newRunId(),
          startedAt,
          finishedAt: new Date().toISOString(),
          purpose: options.purpose,
          policy: { file: options.policy.file, sha256: options.policy.sha256 },
          dataset: datasetName,
          input: await describeFile(
            options.input,
            data.format,
            run.rows + run.failedRows,
            data.columns,
            inputHash,
          ),
          output: await describeFile(tmp, outKind.format, run.rows, written.columns, outputHash),
          keys: [...plan.keys].map(([keyId, version]) => ({ keyId, version })),
          counts,
          quarantinedRows: data.quarantined + run.failedRows,
          fields: {
            written: Object.fromEntries(plan.outputs.map((o) => [o.field, o.op])),
            dropped: explanation.fields.filter((f) => f.step === 'drop').map((f) => f.field),
            undeclared: data.columns.filter((c) => !(c.name in explanation.plan.fields)).map((c) => c.name),
          },
          rowOrder: options.preserveOrder === false ? 'any' : 'input',
        };
        manifest.output.name = manifest.output.name.replace(basename(tmp), basename(options.output));
        const quarantine = options.read?.onError;
        if (quarantine?.mode === 'quarantine') {
          manifest.quarantinePath = quarantine.path;
          if (run.failures.length) await appendQuarantine(quarantine.path, run.failures);
        }
        await writeManifests(options.output, manifest);
        await rename(tmp, options.output);
        return {
          output: options.output,
          manifestPath: manifestPath(options.output),
          lineagePath: lineagePath(options.output),
          manifest,
        };
      } finally {
        await rm(tmp, { force: true });
      }
    } finally {
      for (const close of cleanups) await close();
    }
  }, options.engine);
}

/** The dataset a file is: named with --dataset, or named like the file, or the policy's only one. */
function inferDataset(policy: Policy, input: string): string {
  const stem = basename(input)
    .replace(/(\.(gz|zst|zstd))?$/i, '')
    .replace(/\.[^.]+$/, '');
  if (policy.datasets.has(stem)) return stem;
  if (policy.datasets.size === 1) return [...policy.datasets.keys()][0]!;
  throw new UsageError(`which dataset of the policy is ${basename(input)}?`, {
    where: policy.file,
    hint: `pass --dataset, one of: ${[...policy.datasets.keys()].join(', ')}`,
  });
}

function requireDeclaredFields(e: Explanation, columns: ReadonlyMap<string, unknown>, file: string): void {
  const missing = e.fields.filter((f) => !columns.has(f.field)).map((f) => f.field);
  if (!missing.length) return;
  throw new InputError(
    `dataset "${e.dataset}" declares field${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} that the data lacks`,
    {
      where: `${file} datasets.${e.dataset}`,
      code: 'FIELD_MISSING',
      hint: `the data has: ${[...columns.keys()].join(', ')}`,
    },
  );
}

interface Stores {
  deps: OperatorDeps;
  close: () => Promise<void>;
}

/** Opens the keyring and, only if a rule needs them, the subject-key store and the token vault. */
async function openStores(e: Explanation, options: ProtectOptions): Promise<Stores> {
  const steps = e.fields.flatMap((f) => (typeof f.step === 'string' ? [] : [f.step]));
  if (!steps.some((s) => s.key !== undefined)) return { deps: {}, close: async () => undefined };
  if (!options.keys) {
    throw new UsageError('the plan uses keyed operators but no keyring was given', {
      code: 'KEYRING_MISSING',
    });
  }
  const keys = options.keys();
  const deps: OperatorDeps = { keyring: keys.keyring };
  let subjects: Awaited<ReturnType<NonNullable<ProtectKeys['subjectKeys']>>> | undefined;
  if (keys.vault && steps.some((s) => s.op === 'tokenize')) deps.vault = await keys.vault();
  if (keys.subjectKeys && steps.some((s) => s.op === 'encrypt' && s.subject_field)) {
    subjects = await keys.subjectKeys();
    deps.subjectKeys = subjects;
  }
  return { deps, close: async () => subjects?.close?.() };
}

interface RunOutcome {
  rows: number;
  failures: TransformFailure[];
  /** Distinct rows with at least one failure (a row may fail in several fields). */
  failedRows: number;
}

async function execute(
  engine: Engine,
  data: Dataset,
  plan: CompiledPlan,
  tmp: string,
  format: string,
  options: ProtectOptions,
): Promise<RunOutcome> {
  const mode = options.read?.onError?.mode ?? 'fail';
  const stats: BatchStats = { failed: 0 };
  const failure: UdfFailure = {};
  await prepare(engine, data, plan);
  try {
    const lookups: Lookup[] = [];
    const choices = await chooseLookups(engine, data, plan.udfs, options.lookup);
    const passes = await startDistinctPasses(engine, data, choices, options.lookup);
    try {
      for (const [k, choice] of choices.entries()) {
        const pass = passes.results[k]!;
        const lookup = await buildLookup(pass, choice, mode, stats, failure, options.lookup);
        if (lookup) lookups.push(lookup);
      }
    } finally {
      await passes.close();
    }
    registerLookups(engine, lookups, failure);
    const looked = new Set(lookups.map((l) => l.udf));
    for (const u of plan.udfs) {
      if (looked.has(u)) continue;
      const apply = batchApply(u.fn, u.fallback ? 'fail' : mode, stats);
      registerBatchUdf(
        engine,
        {
          name: udfName(u.index),
          parameterTypes: u.types,
          apply,
          // Randomized encryption must not be evaluated once per Parquet dictionary entry.
          volatile: mode === 'quarantine' || !u.fn.deterministic,
        },
        failure,
      );
    }
    // In order, DuckDB holds finished row groups until the ones before them are written, in at most a
    // quarter of its memory limit: at 512 MB that is two or three row groups of protected output
    // (pseudonyms and ciphertexts are long) and the other threads wait. Measured on 10M rows: about
    // one core busy at 512 MB, about 1.5 at 2 GB (BENCHMARKS.md).
    if (options.preserveOrder !== false) await engine.widenMemory('2GB');
    const written = await writeQuery(engine, selectSql(data, plan, mode, lookups), tmp, {
      format,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.preserveOrder === false ? { preserveOrder: false } : {}),
      // Pseudonyms and ciphertexts barely compress: at 10M rows of the bench's output, zstd level 1
      // wrote a smaller file than the default level 3 (1241 vs 1270 MB) for 30% less CPU.
      zstdLevel: 1,
    });
    const failures = stats.failed > 0 ? await locateFailures(engine, data, plan) : [];
    return { rows: written.rows, failures, failedRows: new Set(failures.map((f) => f.row)).size };
  } catch (err) {
    if (failure.error === undefined) throw err;
    const [first] = await locateFailures(engine, data, plan, 1);
    if (!first) throw failure.error;
    throw new InputError(`row ${first.row}, field "${first.field}": ${first.reason}`, {
      where: data.path,
      code: 'TRANSFORM_FAILED',
      hint: 'fix the value, or pass --on-error quarantine FILE to set such rows aside',
    });
  }
}

/**
 * The protect query. Main UDFs run in an inner projection; in quarantine mode a row whose UDF
 * rejected a value (null out of a non-null input) is filtered out. Volatile UDFs keep DuckDB from
 * copying the call into the filter, so each runs once per row.
 */
function selectSql(
  data: Dataset,
  plan: CompiledPlan,
  mode: 'fail' | 'quarantine',
  lookups: readonly Lookup[],
): string {
  const main = plan.udfs.filter((u) => !u.fallback);
  const byUdf = new Map(lookups.map((l, k) => [l.udf, k]));
  const call = (u: UdfField): string => {
    const k = byUdf.get(u);
    return k === undefined ? `${udfName(u.index)}(${u.args.join(', ')})` : lookupResult(k);
  };
  const calls = main.map((u) => `, ${call(u)} AS ${sqlIdent(udfColumn(u.index))}`);
  const list = plan.outputs.map((o) => `${o.sql} AS ${sqlIdent(o.field)}`).join(', ');
  const where =
    mode === 'quarantine' && main.length
      ? ` WHERE ${main.map((u) => `NOT (${sqlIdent(udfColumn(u.index))} IS NULL AND ${sqlIdent(u.field)} IS NOT NULL)`).join(' AND ')}`
      : '';
  if (!list)
    throw new InputError('the policy lets no field of this dataset through for this purpose', {
      where: data.path,
      code: 'NOTHING_TO_WRITE',
    });
  return `SELECT ${list} FROM (SELECT *${calls.join('')} FROM ${withLookups(data.relation, lookups)})${where}`;
}

/** Operators with stored state (token vault, subject keys) load or create it before DuckDB calls them. */
async function prepare(engine: Engine, data: Dataset, plan: CompiledPlan): Promise<void> {
  for (const u of plan.udfs) {
    const op = u.fn.operator;
    if (!op.prepare) continue;
    const cols = u.args.map((a, i) => `${a} AS c${i}`).join(', ');
    const result = await engine.connection.stream(`SELECT DISTINCT ${cols} FROM ${data.relation}`);
    for await (const chunk of result.yieldRowObjectJs()) {
      const rows = chunk as Record<string, unknown>[];
      const values = rows.map((r) => r.c0);
      const ctx = rows.map((r) => Object.fromEntries(u.fn.context.map((f, i) => [f, r[`c${i + 1}`]])));
      // A value that cannot be prepared fails again in the main pass, where it is located and reported.
      await op.prepare(values, ctx).catch(async () => {
        for (let i = 0; i < values.length; i++)
          await op.prepare!([values[i]], [ctx[i]!]).catch(() => undefined);
      });
    }
  }
}

/** Row numbers (1-based, in reading order) and reasons of the values the operators reject. */
async function locateFailures(
  engine: Engine,
  data: Dataset,
  plan: CompiledPlan,
  limit?: number,
): Promise<TransformFailure[]> {
  const main = plan.udfs.filter((u) => !u.fallback);
  const failure: UdfFailure = {};
  for (const u of main) {
    registerBatchUdf(
      engine,
      { name: `veil_reason_${u.index}`, parameterTypes: u.types, apply: reasonApply(u.fn) },
      failure,
    );
  }
  const reasons = main.map((u) => `veil_reason_${u.index}(${u.args.join(', ')}) AS r${u.index}`);
  const any = main.map((u) => `r${u.index} IS NOT NULL`).join(' OR ');
  const rows = await engine.all(
    `SELECT * FROM (SELECT row_number() OVER () AS __row, ${reasons.join(', ')} FROM ${data.relation}) WHERE ${any} ORDER BY __row${limit ? ` LIMIT ${limit}` : ''}`,
  );
  return rows.flatMap((r) =>
    main.flatMap((u) => {
      const reason = r[`r${u.index}`];
      return typeof reason === 'string'
        ? [{ file: data.path, row: Number(r.__row), field: u.field, reason }]
        : [];
    }),
  );
}

/** Non-null values written per operator and field, counted in the output file itself. */
async function countValues(
  engine: Engine,
  written: Dataset,
  plan: CompiledPlan,
): Promise<Record<string, Record<string, number>>> {
  const list = plan.outputs.map((o, i) => `count(${sqlIdent(o.field)}) AS c${i}`).join(', ');
  const [row] = await engine.all(`SELECT ${list} FROM ${written.relation}`);
  const counts: Record<string, Record<string, number>> = {};
  plan.outputs.forEach((o, i) => {
    (counts[o.op] ??= {})[o.field] = Number(row?.[`c${i}`] ?? 0);
  });
  return counts;
}
