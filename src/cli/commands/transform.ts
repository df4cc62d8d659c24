import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import {
  openDataset,
  registerRowUdf,
  sqlIdent,
  withEngine,
  writeQuery,
  type Dataset,
  type Engine,
  type RowBatchFn,
  type UdfFailure,
} from '../../engine/index.js';
import {
  compileOperator,
  parseOperatorConfig,
  reveal,
  type Operator,
  type OperatorConfig,
} from '../../transform/index.js';
import { addInputOptions, inputOptions, type InputFlags } from '../dataset-options.js';
import { emit, notice, progress } from '../io.js';
import { keyDir, openKeyFiles } from './keys.js';

interface TransformFlags extends InputFlags {
  column: string;
  op: string;
  key?: string;
  config?: string;
  keyring?: string;
  outFormat?: string;
  reveal?: boolean;
  actor?: string;
}

/** `veil transform`: apply one operator to one column of a dataset (policies bring many). */
export function register(program: Command): void {
  addInputOptions(
    program
      .command('transform')
      .description('apply one value operator to one column of a dataset (see docs/operators.md)')
      .argument('<input>', 'input dataset')
      .argument('<output>', 'output dataset (.csv, .jsonl, .parquet)')
      .requiredOption('--column <name>', 'the column to transform (dotted path for nested JSON)')
      .requiredOption('--op <operator>', 'operator name, e.g. pseudonymize, encrypt, fpe_ff1, mask')
      .option('--key <name>', 'key name for keyed operators')
      .option('--config <json>', 'the rest of the operator configuration as JSON, e.g. \'{"domain":"crm"}\'')
      .option('--reveal', 'decrypt / de-tokenize instead (audited; needs --actor)')
      .option('--actor <who>', 'who reveals, recorded in the audit log')
      .option('--keyring <dir>', 'key directory (default: $VEIL_KEYRING or .veil)')
      .option('--out-format <format>', 'output format (default: from the extension)'),
  ).action(async (input: string, output: string, flags: TransformFlags) => {
    const config = operatorConfigFrom(flags);
    await withEngine(async (engine) => {
      const dataset = await openDataset(engine, input, inputOptions(flags));
      try {
        requireColumns(dataset, [flags.column, ...contextFields(config)]);
        const result = await runTransform(engine, dataset, config, output, flags);
        emit(
          result,
          () =>
            `${flags.reveal ? 'revealed' : 'transformed'} ${flags.column} with ${config.op}: wrote ${result.rows} rows to ${output}`,
        );
      } finally {
        await dataset.close();
      }
    });
  });
}

function operatorConfigFrom(flags: TransformFlags): OperatorConfig {
  let extra: Record<string, unknown> = {};
  if (flags.config) {
    try {
      extra = JSON.parse(flags.config) as Record<string, unknown>;
    } catch {
      throw new UsageError('--config is not valid JSON', { where: '--config' });
    }
  }
  return parseOperatorConfig(
    { ...extra, op: flags.op, ...(flags.key ? { key: flags.key } : {}) },
    '--config',
  );
}

/** Fields of the row an operator reads besides the column itself. */
function contextFields(c: OperatorConfig): string[] {
  const fields: (string | undefined)[] = [];
  if ('tweak_field' in c) fields.push(c.tweak_field);
  if ('subject_field' in c) fields.push(c.subject_field);
  return fields.filter((f): f is string => f !== undefined);
}

function requireColumns(dataset: Dataset, names: string[]): void {
  for (const name of names) {
    if (!dataset.columns.some((c) => c.name === name)) {
      throw new UsageError(`no column "${name}" in the dataset`, {
        where: dataset.path,
        hint: `columns: ${dataset.columns.map((c) => c.name).join(', ')}`,
      });
    }
  }
}

async function runTransform(
  engine: Engine,
  dataset: Dataset,
  config: OperatorConfig,
  output: string,
  flags: TransformFlags,
): Promise<{ rows: number; output: string; column: string; op: string }> {
  const files = 'key' in config ? openKeyFiles(keyDir(flags)) : undefined;
  const subjectKeys =
    'subject_field' in config && config.subject_field && files ? await files.subjectKeys() : undefined;
  const vault = config.op === 'tokenize' && files ? await files.vault() : undefined;
  const deps = {
    ...(files ? { keyring: files.keyring } : {}),
    ...(vault ? { vault } : {}),
    ...(subjectKeys ? { subjectKeys } : {}),
  };
  try {
    const fields = contextFields(config);
    const apply = flags.reveal
      ? await revealAll(engine, dataset, config, flags, deps, fields)
      : await compileAndPrepare(engine, dataset, config, flags.column, deps, fields);
    const udfError: UdfFailure = {};
    registerRowUdf(engine, 'veil_apply', fields, apply, udfError);
    const args = [flags.column, ...fields].map((f) => `${sqlIdent(f)}::VARCHAR`).join(', ');
    const select = `SELECT * REPLACE (veil_apply(${args}) AS ${sqlIdent(flags.column)}) FROM ${dataset.relation}`;
    const bar = progress('transform', 100);
    try {
      const written = await writeQuery(engine, select, output, {
        ...(flags.outFormat ? { format: flags.outFormat } : {}),
        onProgress: (f) => bar.update(Math.round(f * 100)),
      });
      return { rows: written.rows, output, column: flags.column, op: config.op };
    } catch (err) {
      throw udfError.error ?? err;
    } finally {
      bar.stop();
    }
  } finally {
    await subjectKeys?.close();
  }
}

async function compileAndPrepare(
  engine: Engine,
  dataset: Dataset,
  config: OperatorConfig,
  column: string,
  deps: object,
  fields: string[],
): Promise<RowBatchFn> {
  const op: Operator = await compileOperator(config, deps);
  if (op.prepare) {
    // Tokens and subject keys live in stores: load or create them before DuckDB calls the UDF.
    for await (const { values, rows } of columnBatches(engine, dataset, column, fields))
      await op.prepare(values, rows);
  }
  return (values, rows) => op.applyBatch(values, rows).map(toText);
}

async function revealAll(
  engine: Engine,
  dataset: Dataset,
  config: OperatorConfig,
  flags: TransformFlags,
  deps: Parameters<typeof reveal>[2],
  fields: string[],
): Promise<RowBatchFn> {
  if (!flags.actor) throw new UsageError('--reveal needs --actor (recorded in the audit log)');
  const audit = openKeyFiles(keyDir(flags)).audit;
  const plain = new Map<string, string | null>();
  let erased = 0;
  for await (const { values, rows } of columnBatches(engine, dataset, flags.column, fields)) {
    const out = await reveal(config, values, deps, { actor: flags.actor, audit, onErased: 'null' }, rows);
    erased += out.erased;
    values.forEach((v, i) => v !== null && plain.set(revealKey(v, rows[i]!, fields), out.values[i] ?? null));
  }
  if (erased > 0) notice(`${erased} value(s) belong to erased subjects and are written as null`);
  return (values, rows) =>
    values.map((v, i) => (v === null ? null : (plain.get(revealKey(v, rows[i]!, fields)) ?? null)));
}

function revealKey(value: string, row: Record<string, unknown>, fields: string[]): string {
  return fields.length ? JSON.stringify([value, ...fields.map((f) => row[f])]) : value;
}

function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : String(v);
}

async function* columnBatches(
  engine: Engine,
  dataset: Dataset,
  column: string,
  fields: string[],
): AsyncGenerator<{ values: (string | null)[]; rows: Record<string, unknown>[] }> {
  const cols = [column, ...fields].map((f, i) => `${sqlIdent(f)}::VARCHAR AS c${i}`).join(', ');
  const result = await engine.connection.stream(`SELECT ${cols} FROM ${dataset.relation}`);
  for await (const chunk of result.yieldRowObjectJs()) {
    const rows = chunk.map((r) =>
      Object.fromEntries(fields.map((f, i) => [f, (r as Record<string, unknown>)[`c${i + 1}`]])),
    );
    yield { values: chunk.map((r) => ((r as Record<string, unknown>).c0 ?? null) as string | null), rows };
  }
}
