import type { Command } from 'commander';
import { runAnonymizeJob, type AnonymizeJobReport } from '../../engine/anonymize-job.js';
import { withEngine } from '../../engine/duckdb.js';
import { emit } from '../io.js';

/** `veil anonymize`: k-anonymity / l-diversity / t-closeness by global recoding or Mondrian. */
export function register(program: Command): void {
  program
    .command('anonymize')
    .description(
      'anonymize quasi-identifiers by optimal full-domain generalization (or Mondrian) as configured',
    )
    .argument('<dataset>', 'CSV, JSONL or Parquet file')
    .requiredOption('--config <file>', 'anonymization config (YAML, see docs/anonymize.md)')
    .requiredOption('--out <file>', 'output dataset (written atomically)')
    .option('--out-format <format>', 'output format (default: from the extension)')
    .action(async (path: string, flags: { config: string; out: string; outFormat?: string }) => {
      const report = await withEngine((engine) =>
        runAnonymizeJob(engine, path, {
          configPath: flags.config,
          out: flags.out,
          ...(flags.outFormat ? { format: flags.outFormat } : {}),
        }),
      );
      emit(report, () => renderReport(report));
    });
}

function renderReport(r: AnonymizeJobReport): string {
  const lines = [
    `wrote ${r.written} of ${r.rows} rows to ${r.out} (${r.method}); ${r.suppressed} suppressed, ${r.classes} classes`,
  ];
  if (r.levels)
    lines.push(
      `  levels   ${Object.entries(r.levels)
        .map(([q, l]) => `${q}=${l}`)
        .join(', ')}`,
    );
  lines.push(
    `  metrics  ${Object.entries(r.metrics)
      .map(([m, v]) => `${m}${m === r.metric ? '*' : ''}=${Number.isInteger(v) ? v : v.toFixed(4)}`)
      .join(', ')}`,
  );
  if (r.search)
    lines.push(`  search   ${r.search.mode}: ${r.search.checked} of ${r.search.latticeSize} nodes checked`);
  lines.push(
    `  risk     highest prosecutor ${(r.risk.highestProsecutor * 100).toFixed(2)}%, average ${(r.risk.averageProsecutor * 100).toFixed(2)}%`,
  );
  return lines.join('\n');
}
