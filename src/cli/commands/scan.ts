import { Option, type Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { writeAtomically } from '../../core/atomic.js';
import { UsageError } from '../../core/errors.js';
import { renderScanHtml } from '../../detect/columns/report-html.js';
import { scanDataset, type ScanOptions } from '../../engine/scan-job.js';
import { addInputOptions, inputOptions, type InputFlags } from '../dataset-options.js';
import { emit, notice, progress } from '../io.js';
import { renderScanTable } from './scan-table.js';
import { registerRedactText, registerScanText } from './scan-text.js';

interface ScanFlags extends InputFlags {
  sample?: string;
  full?: boolean;
  html?: string;
  names: boolean;
}

/**
 * `veil scan DATASET` classifies the columns of a table; `veil scan text` finds personal data in
 * free text. The dataset scan is the default subcommand `dataset`: `veil scan FILE` and
 * `veil scan dataset FILE` are the same. Options live on the subcommands, not on `scan`, so
 * `scan text --format text` and `scan FILE --format csv` each reach their own --format (commander
 * would otherwise let the parent take them). A dataset literally named "text" is written ./text.
 */
export function register(program: Command): void {
  const scan = program
    .command('scan')
    .description('find personal data: per column of a dataset (default), or in free text (scan text)');
  const dataset = scan
    .command('dataset [file]', { isDefault: true })
    .description(
      'classify every column of a CSV, JSONL (nested fields as dotted paths) or Parquet file (default: veil scan FILE)',
    )
    .addOption(new Option('--sample <rows>', 'rows to examine, spread over the whole file (default 10000)'))
    .addOption(new Option('--full', 'examine every row (exact shares and null counts; progress bar)'))
    .addOption(new Option('--html <file>', 'also write a self-contained HTML report (no raw values)'))
    .addOption(new Option('--no-names', 'skip the name model (PERSON/LOCATION from column names only)'))
    .addHelpText(
      'after',
      '\nveil scan FILE is short for veil scan dataset FILE; a file named "text" must be written ./text.',
    )
    .action(async (file: string | undefined, flags: ScanFlags) => {
      if (file === undefined)
        throw new UsageError('give a dataset to scan', {
          hint: 'veil scan DATA.csv, or veil scan text FILE',
        });
      await runScan(file, flags);
    });
  addInputOptions(dataset);
  registerScanText(scan);
  const redact = program.command('redact').description('replace personal data');
  registerRedactText(redact);
}

async function runScan(path: string, flags: ScanFlags): Promise<void> {
  if (flags.full && flags.sample !== undefined)
    throw new UsageError('--sample and --full exclude each other', { where: '--sample' });
  const options: ScanOptions = { ...inputOptions(flags), full: flags.full === true };
  if (flags.sample !== undefined) options.sample = positiveInt(flags.sample, '--sample');
  if (!flags.names) options.nameModel = null;
  const bar = flags.full ? progress('scanning', 0) : undefined;
  if (bar) options.onProgress = (done, total) => bar.update(done, total);
  let report;
  try {
    report = await scanDataset(path, options);
  } finally {
    bar?.stop();
  }
  if (flags.html) {
    const html = renderScanHtml(report);
    await writeAtomically(flags.html, (tmp) => writeFile(tmp, html));
    notice(`wrote the HTML report to ${flags.html}`);
  }
  emit(report, () => renderScanTable(report));
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} must be a positive integer`, { where: flag });
  return n;
}
