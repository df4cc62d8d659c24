import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { renderRiskHtml } from '../../anonymize/report-html.js';
import { writeAtomically } from '../../core/atomic.js';
import { UsageError } from '../../core/errors.js';
import { runRiskJob, type RiskJobReport } from '../../engine/anonymize-job.js';
import { withEngine } from '../../engine/duckdb.js';
import { emit, notice } from '../io.js';

interface RiskFlags {
  quasi: string;
  sensitive?: string;
  population?: string;
  threshold?: string;
  top?: string;
  html?: string;
}

/** `veil risk`: re-identification risk of a dataset over its quasi-identifiers. */
export function register(program: Command): void {
  program
    .command('risk')
    .description(
      're-identification risk: class sizes, prosecutor/journalist/marketer risk, population uniqueness, l-diversity, t-closeness',
    )
    .argument('<dataset>', 'CSV, JSONL or Parquet file')
    .requiredOption('--quasi <columns>', 'quasi-identifier columns, comma-separated')
    .option('--sensitive <columns>', 'sensitive columns, comma-separated')
    .option(
      '--population <n>',
      'size of the population the data was sampled from (enables uniqueness estimates)',
    )
    .option('--threshold <risk>', 'a record is at risk above this prosecutor risk (default 0.2)')
    .option('--top <n>', 'how many of the records most at risk to list (default 10)')
    .option('--html <file>', 'also write a self-contained HTML report')
    .action(async (path: string, flags: RiskFlags) => {
      const options = {
        quasi: list(flags.quasi),
        sensitive: flags.sensitive ? list(flags.sensitive) : [],
        ...(flags.population !== undefined
          ? { populationSize: positive(flags.population, '--population') }
          : {}),
        ...(flags.threshold !== undefined ? { threshold: fraction(flags.threshold, '--threshold') } : {}),
        mostAtRisk: flags.top !== undefined ? positive(flags.top, '--top') : 10,
      };
      const report = await withEngine((engine) => runRiskJob(engine, path, options));
      if (flags.html) {
        await writeAtomically(flags.html, (tmp) => writeFile(tmp, renderRiskHtml(report)));
        notice(`wrote the HTML report to ${flags.html}`);
      }
      emit(report, () => renderRisk(report));
    });
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);

function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} must be a positive integer`, { where: flag });
  return n;
}

function fraction(value: string, flag: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new UsageError(`${flag} must be between 0 and 1`, { where: flag });
  return n;
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

function renderRisk(r: RiskJobReport): string {
  const lines = [
    `${r.dataset}: ${r.records} records, ${r.classes} equivalence classes over ${r.quasiIdentifiers.join(', ')}`,
    `  unique records        ${r.uniqueRecords} (${pct(r.uniqueShare)})`,
    `  prosecutor risk       highest ${pct(r.prosecutor.highest)}, average ${pct(r.prosecutor.average)}, records above ${pct(r.prosecutor.threshold)}: ${pct(r.prosecutor.recordsAtRisk)}`,
    `  journalist risk       highest ${pct(r.journalist.highest)}`,
    `  marketer risk         ${pct(r.marketer.average)}`,
    `  class sizes           ${r.classSizes
      .filter((b) => b.classes > 0)
      .map((b) => `${b.sizes}: ${b.records} records`)
      .join(', ')}`,
  ];
  for (const e of r.population?.estimates ?? []) {
    lines.push(
      `  population uniques    ${e.model}: ${e.uniques === null ? 'not estimable' : `${Math.round(e.uniques)} (${pct(e.uniqueness!)})`}`,
    );
  }
  for (const s of r.sensitive) {
    lines.push(
      `  ${s.attribute}: distinct l = ${s.distinctL}, entropy l = ${s.entropyL.toFixed(3)}, t = ${s.tCloseness.toFixed(4)}`,
    );
  }
  if (r.mostAtRisk.length)
    lines.push(
      `  most at risk (row:class size) ${r.mostAtRisk.map((a) => `${a.row}:${a.classSize}`).join(' ')}`,
    );
  return lines.join('\n');
}
