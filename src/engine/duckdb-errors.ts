import { InputError } from '../core/errors.js';

/**
 * Turns a DuckDB read error into an InputError that names the file and, where DuckDB gives it,
 * the line; DuckDB's own message is not passed on because it may quote the offending value.
 */
export function duckdbInputError(err: unknown, path: string): InputError {
  // DuckDB appends the failing SQL after "LINE 1:"; only the part before it describes the data.
  const message = (err instanceof Error ? err.message : String(err)).split(/\n\s*LINE \d+:/)[0] ?? '';
  const line = /\bline:?\s+(\d+)/i.exec(message)?.[1];
  const where = line ? `${path}:${line}` : path;
  if (/magic bytes|too small to be a Parquet|parquet/i.test(message) && !/no files found/i.test(message)) {
    return new InputError('not a valid Parquet file (truncated or corrupt footer)', {
      where,
      code: 'PARQUET_CORRUPT',
    });
  }
  if (/could not convert|conversion error/i.test(message)) {
    return new InputError('a value does not match the type DuckDB inferred for its column', {
      where,
      code: 'TYPE_MISMATCH',
      hint: 'the column mixes types beyond the first 20,480 rows; clean the column or convert the file to Parquet',
    });
  }
  if (/malformed json/i.test(message)) {
    return new InputError('malformed JSON', {
      where,
      code: 'MALFORMED_RECORD',
      hint: 'pass --on-error quarantine FILE',
    });
  }
  if (/sniff|csv/i.test(message)) {
    return new InputError('cannot parse the CSV file', {
      where,
      code: 'CSV_UNREADABLE',
      hint: 'give the dialect with --delimiter and --quote',
    });
  }
  return new InputError(`cannot read the dataset (${message.split(':')[0] ?? 'DuckDB error'})`, { where });
}
