import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { InputError } from '../core/errors.js';
import { CsvScanner, detectDialect, type CsvDialect } from './csv-structure.js';
import type { Compression, DatasetFormat } from './format.js';
import { QuarantineWriter, type BadRecord, type OnError } from './quarantine.js';
import { decodedChunks, numberedLines } from './text-source.js';

/** The outcome of checking a text dataset's structure before DuckDB reads it. */
export interface StructureCheck {
  /** The file DuckDB should read: the original, or a cleaned copy without the bad records. */
  readPath: string;
  readCompression: Compression;
  dialect?: CsvDialect;
  quarantined: number;
  /** Removes the cleaned copy, if one was made. */
  cleanup(): Promise<void>;
}

const STOP = Symbol('stop');

/**
 * Finds malformed records in a CSV or JSONL file. With `fail`, the first one is an InputError
 * naming file and line; with `quarantine`, each is written to the quarantine file and DuckDB reads
 * a cleaned copy. The record's content never appears in the error message.
 */
export async function checkStructure(
  path: string,
  format: Exclude<DatasetFormat, 'parquet'>,
  compression: Compression,
  onError: OnError,
  dialectHint: Partial<CsvDialect> = {},
): Promise<StructureCheck> {
  const dialect =
    format === 'csv' ? detectDialect(await sampleText(path, compression), dialectHint) : undefined;
  const bad: BadRecord[] = [];
  const quarantine = onError.mode === 'quarantine' ? new QuarantineWriter(onError.path) : undefined;
  const badLines = new Set<number>();
  const onBad = (line: number, reason: string, record: string): void => {
    const entry: BadRecord = { file: path, line, reason, record };
    if (!quarantine) {
      bad.push(entry);
      throw STOP;
    }
    badLines.add(line);
    quarantine.write(entry);
  };
  try {
    await scan(path, format, compression, dialect, (raw, line, issue) => issue && onBad(line, issue, raw));
  } catch (err) {
    if (err !== STOP) {
      await quarantine?.abort();
      throw err;
    }
  }
  const first = bad[0];
  if (first) {
    throw new InputError(`malformed ${format.toUpperCase()} record: ${first.reason}`, {
      where: `${path}:${first.line}`,
      code: 'MALFORMED_RECORD',
      hint: 'fix the record, or pass --on-error quarantine FILE to set bad records aside and go on',
    });
  }
  if (!quarantine || quarantine.count === 0) {
    await quarantine?.commit();
    return {
      readPath: path,
      readCompression: compression,
      dialect,
      quarantined: 0,
      cleanup: async () => undefined,
    };
  }
  await quarantine.commit();
  const dir = await mkdtemp(join(tmpdir(), 'veil-clean-'));
  const cleanPath = join(dir, basename(path).replace(/\.(gz|zst|zstd)$/i, ''));
  await writeClean(path, format, compression, dialect, badLines, cleanPath);
  return {
    readPath: cleanPath,
    readCompression: 'none',
    dialect,
    quarantined: quarantine.count,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

type RecordVisitor = (raw: string, line: number, issue: string | undefined) => void;

async function scan(
  path: string,
  format: 'csv' | 'jsonl',
  compression: Compression,
  dialect: CsvDialect | undefined,
  visit: RecordVisitor,
): Promise<void> {
  if (format === 'csv') {
    const scanner = new CsvScanner(dialect!, visit);
    for await (const chunk of decodedChunks(path, compression)) scanner.push(chunk);
    scanner.end();
    return;
  }
  for await (const [line, text] of numberedLines(decodedChunks(path, compression))) {
    visit(text, line, jsonLineIssue(text));
  }
}

/** Why a JSONL line is not a usable record, or undefined when it is. Blank lines are skipped. */
export function jsonLineIssue(text: string): string | undefined {
  if (text.trim().length === 0) return undefined;
  if (text.includes('\ufffd')) return 'invalid UTF-8';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // V8's message quotes the input; keep only the position so no value leaks.
    const position = /position (\d+)/.exec((err as Error).message)?.[1];
    return position === undefined ? 'invalid JSON' : `invalid JSON at column ${Number(position) + 1}`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  return undefined;
}

async function writeClean(
  path: string,
  format: 'csv' | 'jsonl',
  compression: Compression,
  dialect: CsvDialect | undefined,
  badLines: Set<number>,
  cleanPath: string,
): Promise<void> {
  const out = createWriteStream(cleanPath);
  await scan(path, format, compression, dialect, (raw, line) => {
    if (!badLines.has(line) && raw.length > 0) out.write(`${raw}\n`);
  });
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

async function sampleText(path: string, compression: Compression): Promise<string> {
  let sample = '';
  for await (const chunk of decodedChunks(path, compression)) {
    sample += chunk;
    if (sample.length >= 1 << 16) break;
  }
  return sample.slice(0, 1 << 16);
}
