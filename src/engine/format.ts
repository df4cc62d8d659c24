import { extname } from 'node:path';
import { UsageError } from '../core/errors.js';

export const DATASET_FORMATS = ['csv', 'jsonl', 'parquet'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];
export type Compression = 'none' | 'gzip' | 'zstd';

export interface FileKind {
  format: DatasetFormat;
  compression: Compression;
}

const FORMAT_BY_EXTENSION: Record<string, DatasetFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

const COMPRESSION_BY_EXTENSION: Record<string, Compression> = {
  '.gz': 'gzip',
  '.zst': 'zstd',
  '.zstd': 'zstd',
};

/** Format and compression from the file name, unless the caller names the format. */
export function detectFileKind(path: string, explicitFormat?: string): FileKind {
  let name = path.toLowerCase();
  const compression = COMPRESSION_BY_EXTENSION[extname(name)] ?? 'none';
  if (compression !== 'none') name = name.slice(0, -extname(name).length);
  if (explicitFormat !== undefined) return { format: parseFormat(explicitFormat), compression };
  const format = FORMAT_BY_EXTENSION[extname(name)];
  if (!format) {
    throw new UsageError(`cannot tell the format of ${path} from its extension`, {
      hint: `name it .csv, .jsonl or .parquet (optionally .gz/.zst), or pass --format ${DATASET_FORMATS.join('|')}`,
    });
  }
  if (format === 'parquet' && compression !== 'none') {
    throw new UsageError(`${path}: Parquet files are compressed internally and cannot be gzip/zstd wrapped`);
  }
  return { format, compression };
}

export function parseFormat(value: string): DatasetFormat {
  const v = value.toLowerCase() === 'ndjson' ? 'jsonl' : value.toLowerCase();
  if ((DATASET_FORMATS as readonly string[]).includes(v)) return v as DatasetFormat;
  throw new UsageError(`unknown format "${value}"`, { hint: `use one of ${DATASET_FORMATS.join(', ')}` });
}
