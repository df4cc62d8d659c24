import { writeAtomically } from '../core/atomic.js';
import { nestedSelectList } from './columns.js';
import { sqlString, type Engine } from './duckdb.js';
import { detectFileKind, type Compression, type DatasetFormat } from './format.js';

export interface WriteOptions {
  format?: string;
  /** CSV delimiter for output (default ","). */
  delimiter?: string;
  /** Called about five times a second with the fraction of the job done (0..1). */
  onProgress?: (fraction: number) => void;
  /**
   * Keep the rows in input order (default). Off, DuckDB writes each thread's rows as they come:
   * rows stay whole but their order may change, and large outputs of long values (ciphertexts,
   * pseudonyms) are written about twice as fast, since in-order writing funnels through one thread.
   */
  preserveOrder?: boolean;
  /** Parquet only: zstd level (DuckDB's default, 3, when unset). */
  zstdLevel?: number;
}

export interface WriteResult {
  path: string;
  format: DatasetFormat;
  rows: number;
}

/**
 * Streams the result of `selectSql` into `outPath` with DuckDB's COPY, through a temporary file
 * renamed on success. Dotted column names are regrouped into nested objects for JSONL output.
 */
export async function writeQuery(
  engine: Engine,
  selectSql: string,
  outPath: string,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const kind = detectFileKind(outPath, options.format);
  const query = kind.format === 'jsonl' ? await nestForJson(engine, selectSql) : selectSql;
  return writeAtomically(outPath, async (tmp) => {
    const sql = `COPY (${query}) TO ${sqlString(tmp)} (${copyOptions(kind.format, kind.compression, options)})`;
    const reader = await withProgress(engine, options.onProgress, () => engine.connection.runAndReadAll(sql));
    const rows = Number((reader.getRowObjectsJS()[0] as { Count?: bigint } | undefined)?.Count ?? 0);
    return { path: outPath, format: kind.format, rows };
  });
}

function copyOptions(format: DatasetFormat, compression: Compression, options: WriteOptions): string {
  const order = options.preserveOrder === false ? ', PRESERVE_ORDER false' : '';
  if (format === 'parquet') {
    const level = options.zstdLevel === undefined ? '' : `, COMPRESSION_LEVEL ${options.zstdLevel}`;
    return `FORMAT parquet, COMPRESSION 'zstd'${level}${order}`;
  }
  const comp = compression === 'none' ? 'none' : compression;
  if (format === 'jsonl') return `FORMAT json, COMPRESSION '${comp}'${order}`;
  return `FORMAT csv, HEADER true, DELIMITER ${sqlString(options.delimiter ?? ',')}, COMPRESSION '${comp}'${order}`;
}

async function nestForJson(engine: Engine, selectSql: string): Promise<string> {
  const probe = await engine.connection.run(`SELECT * FROM (${selectSql}) LIMIT 0`);
  const names = probe.columnNames();
  if (!names.some((n) => n.includes('.'))) return selectSql;
  return `SELECT ${nestedSelectList(names)} FROM (${selectSql})`;
}

async function withProgress<T>(
  engine: Engine,
  onProgress: WriteOptions['onProgress'],
  body: () => Promise<T>,
): Promise<T> {
  if (!onProgress) return body();
  const timer = setInterval(() => {
    const pct = engine.connection.progress.percentage;
    if (pct >= 0) onProgress(Math.min(pct / 100, 1));
  }, 200);
  try {
    return await body();
  } finally {
    clearInterval(timer);
    onProgress(1);
  }
}
