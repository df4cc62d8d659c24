import { Option, type Command } from 'commander';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { InputError, UsageError } from '../../core/errors.js';
import {
  createAnalyzer,
  parseDetectConfig,
  redactText,
  type AnalyzerConfig,
  type Finding,
} from '../../detect/index.js';
import { defaultModelPath, loadNameModel } from '../../detect/ner/index.js';
import { QuarantineWriter } from '../../engine/quarantine.js';
import { isEntityType } from '../../taxonomy/entities.js';
import { parseOnError } from '../dataset-options.js';
import { notice } from '../io.js';

/**
 * `veil scan text` and `veil redact text`: one document per input line (JSONL `{"id","text"}` or
 * plain text), processed in order with bounded memory. Bad lines fail the run (exit 3, FILE:LINE,
 * never the content) or go to the quarantine file.
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
  const analyzer = createAnalyzer(analyzerConfig(flags));
  const maxBytes = positiveInt(flags.maxLineBytes, '--max-line-bytes');
  const onError = parseOnError(flags.onError);
  const quarantine = onError.mode === 'quarantine' ? new QuarantineWriter(onError.path) : undefined;
  const source = file === '-' ? 'stdin' : file;
  const counts = { documents: 0, findings: 0, bad: 0 };
  try {
    for await (const line of readLines(openInput(file), maxBytes)) {
      if (line.issue === undefined && line.text.trim() === '') continue;
      const doc =
        line.issue === undefined
          ? parseDocument(line.text, flags.format, line.number)
          : { issue: line.issue };
      if ('issue' in doc) {
        if (!quarantine) throw badLine(source, line.number, doc.issue);
        quarantine.write({
          file: source,
          line: line.number,
          reason: doc.issue,
          record: line.issue ? undefined : line.text,
        });
        counts.bad++;
        continue;
      }
      const findings = analyzer.analyze(doc.text);
      counts.documents++;
      counts.findings += findings.length;
      await writeOut(render(doc, findings, mode, flags.showValues === true));
    }
  } catch (err) {
    await quarantine?.abort();
    throw err;
  }
  await quarantine?.commit();
  const what = mode === 'scan' ? `${counts.findings} findings` : `${counts.findings} values redacted`;
  notice(
    `${counts.documents} documents, ${what}${quarantine ? `, ${counts.bad} bad lines quarantined` : ''}`,
  );
}

function analyzerConfig(flags: TextFlags): AnalyzerConfig {
  const config: AnalyzerConfig = flags.config ? readConfig(flags.config) : {};
  if (flags.entities !== undefined) config.entities = splitList(flags.entities);
  if (flags.threshold !== undefined) config.threshold = score(flags.threshold);
  if (flags.names && wantsNames(config.entities)) config.nameModel = nameModel();
  return config;
}

function wantsNames(entities: readonly string[] | undefined): boolean {
  return !entities || entities.some((e) => e === 'PERSON' || e === 'LOCATION' || e === 'ORGANIZATION');
}

function nameModel(): AnalyzerConfig['nameModel'] {
  if (!existsSync(defaultModelPath())) {
    notice(
      'name model not found; PERSON, LOCATION and ORGANIZATION are not detected (pass --no-names to silence)',
    );
    return undefined;
  }
  return loadNameModel();
}

function readConfig(path: string): AnalyzerConfig {
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

type Doc = { id: unknown; text: string } | { issue: string };

/** A document from one line; the reason never quotes the line (it may hold personal data). */
export function parseDocument(line: string, format: 'jsonl' | 'text', lineNumber: number): Doc {
  if (format === 'text') return { id: lineNumber, text: line };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { issue: 'invalid JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { issue: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  if (!('text' in record)) return { issue: 'missing "text" field' };
  if (typeof record.text !== 'string') return { issue: '"text" is not a string' };
  return { id: record.id ?? null, text: record.text };
}

function render(
  doc: { id: unknown; text: string },
  findings: Finding[],
  mode: 'scan' | 'redact',
  showValues: boolean,
): string {
  const id = doc.id;
  if (mode === 'redact') return `${JSON.stringify({ id, text: redactText(doc.text, findings) })}\n`;
  const out = showValues ? findings.map((f) => ({ ...f, value: doc.text.slice(f.start, f.end) })) : findings;
  return `${JSON.stringify({ id, findings: out })}\n`;
}

function writeOut(chunk: string): Promise<void> | void {
  if (process.stdout.write(chunk)) return;
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

function openInput(file: string): Readable {
  if (file === '-') return process.stdin;
  if (!existsSync(file))
    throw new UsageError('input file not found', { where: file, hint: 'give a path, or - for stdin' });
  return createReadStream(file, { highWaterMark: 1 << 16 });
}

interface Line {
  number: number;
  text: string;
  issue?: string;
}

/**
 * Splits a byte stream into lines with memory bounded by `maxBytes`: an over-long line is skipped
 * to its end and reported, never buffered. Each line is decoded strictly, so invalid UTF-8 is
 * reported (a legitimate U+FFFD in the text is not mistaken for it).
 */
export async function* readLines(
  stream: AsyncIterable<Buffer | string>,
  maxBytes: number,
): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let number = 0;
  const finish = (): Line => {
    number++;
    const bytes = Buffer.concat(parts, size);
    parts = [];
    size = 0;
    if (tooLong) {
      tooLong = false;
      return { number, text: '', issue: `line longer than ${maxBytes} bytes` };
    }
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
    try {
      return { number, text: decoder.decode(bytes.subarray(0, end)) };
    } catch {
      return { number, text: '', issue: 'invalid UTF-8' };
    }
  };
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let from = 0;
    while (from <= buf.length) {
      const nl = buf.indexOf(10, from);
      const piece = buf.subarray(from, nl === -1 ? buf.length : nl);
      if (!tooLong && size + piece.length > maxBytes) {
        tooLong = true;
        parts = [];
        size = 0;
      }
      if (!tooLong) {
        parts.push(piece);
        size += piece.length;
      }
      if (nl === -1) break;
      yield finish();
      from = nl + 1;
    }
  }
  if (size > 0 || tooLong) yield finish();
}
