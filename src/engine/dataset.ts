import { access } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import { flattenColumns, type Column } from './columns.js';
import type { CsvDialect } from './csv-structure.js';
import { sqlString, type Engine } from './duckdb.js';
import { duckdbInputError } from './duckdb-errors.js';
import { detectFileKind, type Compression, type DatasetFormat } from './format.js';
import { checkStructure, type StructureCheck } from './malformed.js';
import type { OnError } from './quarantine.js';

export type { Column } from './columns.js';
export type { OnError } from './quarantine.js';

export interface OpenOptions {
  format?: string;
  delimiter?: string;
  quote?: string;
  header?: boolean;
  onError?: OnError;
}

export type Row = Record<string, unknown>;

/** An input dataset opened for reading through DuckDB. */
export interface Dataset {
  path: string;
  format: DatasetFormat;
  compression: Compression;
  columns: Column[];
  /** A SQL FROM-clause expression for the dataset with nested fields flattened to dotted names. */
  relation: string;
  /** Records set aside as malformed (quarantine mode). */
  quarantined: number;
  rowCount(): Promise<number>;
  /** Rows as plain JS values (numbers, bigints, Dates, strings, arrays) in batches. */
  batches(size?: number): AsyncGenerator<Row[]>;
  close(): Promise<void>;
}

/** Opens CSV, JSONL or Parquet (gzip/zstd for text) with malformed-record handling. */
export async function openDataset(engine: Engine, path: string, options: OpenOptions = {}): Promise<Dataset> {
  const kind = detectFileKind(path, options.format);
  await access(path).catch(() => {
    throw new InputError(`cannot read ${path}: no such file or not readable`, {
      where: path,
      code: 'FILE_NOT_FOUND',
    });
  });
  const onError = options.onError ?? { mode: 'fail' };
  const check: StructureCheck | undefined =
    kind.format === 'parquet'
      ? undefined
      : await checkStructure(path, kind.format, kind.compression, onError, dialectHint(options));
  const source = readerSql(
    kind.format,
    check?.readPath ?? path,
    check?.readCompression ?? 'none',
    check?.dialect,
  );
  let flat;
  try {
    const probe = await engine.connection.run(`SELECT * FROM ${source} LIMIT 0`);
    flat = flattenColumns(probe.columnNames(), probe.columnTypes());
  } catch (err) {
    await check?.cleanup();
    throw duckdbInputError(err, path);
  }
  const relation = `(SELECT ${flat.map((c) => `${c.expr} AS "${c.name.replaceAll('"', '""')}"`).join(', ') || '*'} FROM ${source})`;
  return {
    path,
    format: kind.format,
    compression: kind.compression,
    columns: flat.map(({ name, type }) => ({ name, type })),
    relation,
    quarantined: check?.quarantined ?? 0,
    rowCount: async () => {
      const rows = await guarded(path, () => engine.all(`SELECT count(*) AS n FROM ${relation}`));
      return Number(rows[0]?.n ?? 0);
    },
    batches: (size = 10_000) => readBatches(engine, relation, path, size),
    close: async () => check?.cleanup(),
  };
}

function dialectHint(options: OpenOptions): Partial<CsvDialect> {
  const hint: Partial<CsvDialect> = {};
  if (options.delimiter !== undefined)
    hint.delimiter = options.delimiter === '\\t' ? '\t' : options.delimiter;
  if (options.quote !== undefined) hint.quote = options.quote;
  if (options.header !== undefined) hint.header = options.header;
  return hint;
}

function readerSql(
  format: DatasetFormat,
  path: string,
  compression: Compression,
  dialect?: CsvDialect,
): string {
  const file = sqlString(path);
  if (format === 'parquet') return `read_parquet(${file})`;
  if (format === 'jsonl') {
    const comp = compression === 'none' ? 'uncompressed' : compression;
    return `read_json(${file}, format = 'newline_delimited', compression = '${comp}', sample_size = 20480, maximum_object_size = 67108864)`;
  }
  const comp = compression;
  const d = dialect!;
  return `read_csv(${file}, delim = ${sqlString(d.delimiter)}, quote = ${sqlString(d.quote)}, escape = ${sqlString(d.quote)}, header = ${d.header}, compression = '${comp}', sample_size = 20480)`;
}

async function* readBatches(
  engine: Engine,
  relation: string,
  path: string,
  size: number,
): AsyncGenerator<Row[]> {
  const result = await guarded(path, () => engine.connection.stream(`SELECT * FROM ${relation}`));
  let batch: Row[] = [];
  try {
    for await (const rows of result.yieldRowObjectJs()) {
      for (const row of rows) {
        batch.push(row as Row);
        if (batch.length >= size) {
          yield batch;
          batch = [];
        }
      }
    }
  } catch (err) {
    throw duckdbInputError(err, path);
  }
  if (batch.length > 0) yield batch;
}

async function guarded<T>(path: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw duckdbInputError(err, path);
  }
}
