import type { Command } from 'commander';
import { openDataset, withEngine, writeQuery, type Dataset } from '../../engine/index.js';
import { addInputOptions, inputOptions, type InputFlags } from '../dataset-options.js';
import { emit, notice, progress } from '../io.js';

/** `veil inspect` and `veil convert`: the dataset I/O every other command stands on. */
export function register(program: Command): void {
  addInputOptions(
    program
      .command('inspect')
      .description('show a dataset’s format, columns with their types, and row count')
      .argument('<dataset>', 'CSV, JSONL or Parquet file (.gz/.zst for text formats)'),
  ).action(async (path: string, flags: InputFlags) => {
    await withEngine(async (engine) => {
      const dataset = await openDataset(engine, path, inputOptions(flags));
      try {
        const summary = { ...describe(dataset), rows: await dataset.rowCount() };
        emit(summary, () => renderSummary(summary));
        reportQuarantine(dataset);
      } finally {
        await dataset.close();
      }
    });
  });

  addInputOptions(
    program
      .command('convert')
      .description('read a dataset and write it in another format, values and types preserved')
      .argument('<input>', 'input dataset')
      .argument('<output>', 'output dataset (.csv, .jsonl, .parquet; .gz/.zst for text)')
      .option('--out-format <format>', 'output format (default: from the extension)'),
  ).action(async (input: string, output: string, flags: InputFlags & { outFormat?: string }) => {
    await withEngine(async (engine) => {
      const dataset = await openDataset(engine, input, inputOptions(flags));
      const bar = progress('convert', 100);
      try {
        const written = await writeQuery(engine, `SELECT * FROM ${dataset.relation}`, output, {
          ...(flags.outFormat ? { format: flags.outFormat } : {}),
          onProgress: (f) => bar.update(Math.round(f * 100)),
        });
        bar.stop();
        const result = { input: describe(dataset), output: written, quarantined: dataset.quarantined };
        emit(result, () => `wrote ${written.rows} rows to ${written.path} (${written.format})`);
        reportQuarantine(dataset);
      } finally {
        bar.stop();
        await dataset.close();
      }
    });
  });
}

function describe(dataset: Dataset): {
  path: string;
  format: string;
  compression: string;
  quarantined: number;
  columns: Dataset['columns'];
} {
  return {
    path: dataset.path,
    format: dataset.format,
    compression: dataset.compression,
    quarantined: dataset.quarantined,
    columns: dataset.columns,
  };
}

function renderSummary(s: {
  path: string;
  format: string;
  rows: number;
  columns: Dataset['columns'];
}): string {
  const width = Math.max(6, ...s.columns.map((c) => c.name.length));
  const lines = s.columns.map((c) => `  ${c.name.padEnd(width)}  ${c.type}`);
  return [`${s.path}: ${s.format}, ${s.rows} rows, ${s.columns.length} columns`, ...lines].join('\n');
}

function reportQuarantine(dataset: Dataset): void {
  if (dataset.quarantined > 0)
    notice(`${dataset.quarantined} malformed record(s) quarantined from ${dataset.path}`);
}
