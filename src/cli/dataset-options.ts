import { Option, type Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { OpenOptions, OnError } from '../engine/index.js';

/** The flags every command that reads a dataset accepts. */
export function addInputOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--format <format>', 'input format: csv, jsonl or parquet (default: from the extension)'),
    )
    .addOption(new Option('--delimiter <char>', 'CSV delimiter (default: detected)'))
    .addOption(new Option('--quote <char>', 'CSV quote character').default('"'))
    .addOption(new Option('--no-header', 'the CSV file has no header row'))
    .addOption(
      new Option(
        '--on-error <policy>',
        'malformed records: "fail", or "quarantine FILE" to set them aside',
      ).default('fail'),
    );
}

export interface InputFlags {
  format?: string;
  delimiter?: string;
  quote?: string;
  header?: boolean;
  onError?: string;
}

export function inputOptions(flags: InputFlags): OpenOptions {
  const options: OpenOptions = { onError: parseOnError(flags.onError ?? 'fail') };
  if (flags.format !== undefined) options.format = flags.format;
  if (flags.delimiter !== undefined) options.delimiter = flags.delimiter;
  if (flags.quote !== undefined) options.quote = flags.quote;
  if (flags.header !== undefined) options.header = flags.header;
  return options;
}

/** `fail`, or `quarantine=FILE` (main.ts rewrites `--on-error quarantine FILE` to this form). */
export function parseOnError(value: string): OnError {
  if (value === 'fail') return { mode: 'fail' };
  const m = /^quarantine[=:](.+)$/.exec(value);
  if (m?.[1]) return { mode: 'quarantine', path: m[1] };
  throw new UsageError(`--on-error must be "fail" or "quarantine FILE", got "${value}"`);
}

/** Joins `--on-error quarantine FILE` into one token so commander sees a single option value. */
export function normalizeOnErrorArgs(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    const file = argv[i + 2];
    if (argv[i] === '--on-error' && next === 'quarantine' && file !== undefined && !file.startsWith('-')) {
      out.push(`--on-error=quarantine=${file}`);
      i += 2;
    } else out.push(argv[i]!);
  }
  return out;
}
