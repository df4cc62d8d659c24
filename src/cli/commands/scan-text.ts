import { Option, type Command } from 'commander';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { InputError, UsageError } from '../../core/errors.js';
import { createAnalyzer, parseDetectConfig, type DetectConfig } from '../../detect/index.js';
import { defaultModelPath } from '../../detect/ner/index.js';
import { QuarantineWriter } from '../../engine/quarantine.js';
import { runTextJob, type TextJobCounts, type TextTask } from '../../engine/text-job.js';
import { isEntityType } from '../../taxonomy/entities.js';
import { parseOnError } from '../dataset-options.js';
import { notice, progress } from '../io.js';

/**
 * `veil scan text` and `veil redact text`: one document per input line (JSONL `{"id","text"}` or
 * plain text), written in input order with bounded memory; large inputs are analyzed on several
 * threads. Bad lines fail the run (exit 3, FILE:LINE, never the content) or go to the quarantine file.
 */
interface TextFlags {
  format: 'jsonl' | 'text';
  entities?: string;
  threshold?: string;
  config?: string;
  onError: string;
  showValues?: boolean;
  names: boolean;
  maxLineBytes: string;
  threads: string;
}

const DEFAULT_MAX_LINE_BYTES = 1 << 20;

function addTextOptions(command: Command): Command {
  return command
    .argument('[file]', 'input file, or - for stdin', '-')
    .addOption(
      new Option('--format <format>', 'jsonl ({"id","text"} per line) or text (one document per line)')
        .choices(['jsonl', 'text'])
        .default('jsonl'),
    )
    .addOption(new Option('--entities <list>', 'comma-separated entity types to report (default: all)'))
    .addOption(new Option('--threshold <score>', 'minimum score, 0..1 (default 0.4)'))
    .addOption(new Option('--config <file>', 'YAML: custom recognizers, allow list, entities, threshold'))
    .addOption(new Option('--on-error <policy>', 'bad lines: "fail", or "quarantine FILE"').default('fail'))
    .addOption(
      new Option(
        '--no-names',
        'skip the name model (patterns only: faster, no PERSON/LOCATION/ORGANIZATION)',
      ),
    )
    .addOption(
      new Option('--max-line-bytes <n>', 'longest accepted input line').default(
        String(DEFAULT_MAX_LINE_BYTES),
      ),
    )
    .addOption(
      new Option('--threads <n>', 'threads that analyze, or "auto" (one per core, at most 8)').default(
        'auto',
      ),
    );
}

export function registerScanText(scan: Command): void {
  addTextOptions(scan.command('text'))
    .description('find personal data in free text; JSONL findings per document on stdout')
    .addOption(
      new Option('--show-values', "include each finding's text (off by default: output may be shared)"),
    )
    .action((file: string, flags: TextFlags) => runText(file, flags, 'scan'));
}

export function registerRedactText(redact: Command): void {
  addTextOptions(redact.command('text'))
    .description('replace personal data in free text with <ENTITY>; same input formats as scan text')
    .action((file: string, flags: TextFlags) => runText(file, flags, 'redact'));
}

async function runText(file: string, flags: TextFlags, mode: 'scan' | 'redact'): Promise<void> {
  const task = textTask(flags, mode);
  const maxBytes = positiveInt(flags.maxLineBytes, '--max-line-bytes');
  const onError = parseOnError(flags.onError);
  const input = openInput(file);
  // A regular file's size is known; a pipe's (`<(...)`, a FIFO) is not.
  const info = file === '-' ? undefined : statSync(file);
  const size = info?.isFile() ? info.size : undefined;
  const { threads, workersAfterBytes } = threading(flags.threads, task.names, size);
  const quarantine = onError.mode === 'quarantine' ? new QuarantineWriter(onError.path) : undefined;
  const source = file === '-' ? 'stdin' : file;
  const output = new BufferedStdout();
  let counts: TextJobCounts;
  try {
    counts = await runTextJob(withProgress(input, size, mode === 'scan' ? 'scanning' : 'redacting'), {
      task,
      maxLineBytes: maxBytes,
      threads,
      workersAfterBytes,
      write: (chunk) => output.write(chunk),
      onBad: (bad) => {
        if (!quarantine) throw badLine(source, bad.line, bad.reason);
        quarantine.write({ file: source, line: bad.line, reason: bad.reason, record: bad.record });
      },
    });
  } catch (err) {
    // What came before the bad line is still written: results are per document, in order.
    await output.flush();
    await quarantine?.abort();
    throw err;
  }
  await output.flush();
  await quarantine?.commit();
  const what = mode === 'scan' ? `${counts.findings} findings` : `${counts.findings} values redacted`;
  notice(
    `${counts.documents} documents, ${what}${quarantine ? `, ${counts.bad} bad lines quarantined` : ''}`,
  );
}

function textTask(flags: TextFlags, mode: 'scan' | 'redact'): TextTask {
  const detect: Partial<DetectConfig> = flags.config ? readConfig(flags.config) : {};
  if (flags.entities !== undefined) detect.entities = splitList(flags.entities);
  if (flags.threshold !== undefined) detect.threshold = score(flags.threshold);
  // Building an analyzer here checks the configuration before any input is read.
  createAnalyzer(detect);
  return {
    mode,
    format: flags.format,
    showValues: flags.showValues === true,
    detect,
    names: flags.names && wantsNames(detect.entities) && nameModelPresent(),
  };
}

/**
 * `--threads`: a number is used as given, workers starting at the first full batch. "auto" is one
 * per core, at most 8 (output is written by one thread), and uses workers only for inputs large
 * enough to pay for them: each worker loads and warms up its own analyzer, a second or two of CPU.
 * Measured on 2 cores: two workers beat one thread from about 8 MB of input with the name model
 * and about 30 MB without it. A file's size is known, so a smaller file is analyzed on this thread
 * throughout; standard input starts workers once that much has been read.
 */
function threading(
  value: string,
  names: boolean,
  size: number | undefined,
): { threads: number; workersAfterBytes: number } {
  if (value === 'auto') {
    const pays = (names ? 8 : 30) * 1e6;
    const workersAfterBytes = size === undefined ? pays : size >= pays ? 0 : Infinity;
    return { threads: Math.min(8, availableParallelism()), workersAfterBytes };
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new UsageError('--threads must be "auto" or an integer from 1 to 256', { where: '--threads' });
  return { threads: n, workersAfterBytes: 0 };
}

/**
 * stdout in 64 KB writes: one write per document cost more than the analysis of short texts
 * (a system call each when stdout is a file).
 */
class BufferedStdout {
  private parts: string[] = [];
  private size = 0;

  write(chunk: string): Promise<void> | void {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size >= 1 << 16) return this.flush();
  }

  flush(): Promise<void> | void {
    if (this.size === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (process.stdout.write(text)) return;
    return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
  }
}

function wantsNames(entities: readonly string[] | undefined): boolean {
  return !entities || entities.some((e) => e === 'PERSON' || e === 'LOCATION' || e === 'ORGANIZATION');
}

function nameModelPresent(): boolean {
  if (existsSync(defaultModelPath())) return true;
  notice(
    'name model not found; PERSON, LOCATION and ORGANIZATION are not detected (pass --no-names to silence)',
  );
  return false;
}

function readConfig(path: string): Partial<DetectConfig> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError('cannot read the config file', {
      where: path,
      hint: 'check the path given to --config',
    });
  }
  return parseDetectConfig(text, path);
}

function splitList(value: string): string[] {
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const e of list) {
    if (!isEntityType(e))
      throw new UsageError(`unknown entity type "${e.slice(0, 40)}"`, {
        where: '--entities',
        hint: 'see docs/detect.md for the list',
      });
  }
  return list;
}

function score(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new UsageError('--threshold must be a number from 0 to 1', { where: '--threshold' });
  return n;
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} must be a positive integer`, { where: flag });
  return n;
}

function badLine(source: string, line: number, reason: string): InputError {
  return new InputError(`bad input line: ${reason}`, {
    where: `${source}:${line}`,
    code: 'MALFORMED_RECORD',
    hint: 'fix the line, or pass --on-error quarantine FILE to set bad lines aside and go on',
  });
}

function openInput(file: string): Readable {
  if (file === '-') return process.stdin;
  if (!existsSync(file))
    throw new UsageError('input file not found', { where: file, hint: 'give a path, or - for stdin' });
  if (statSync(file).isDirectory())
    throw new UsageError('input is a directory', { where: file, hint: 'give a file, or - for stdin' });
  return createReadStream(file, { highWaterMark: 1 << 16 });
}

/** The input's chunks, with a progress bar of bytes read on a terminal (files: their size is known). */
async function* withProgress(
  input: Readable,
  size: number | undefined,
  label: string,
): AsyncGenerator<Buffer> {
  const bar = size === undefined ? undefined : progress(label, size);
  let read = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      read += chunk.length;
      bar?.update(read);
      yield chunk;
    }
  } finally {
    bar?.stop();
  }
}
