import type { Command } from 'commander';
import { resolve } from 'node:path';
import { generateDemoData, type DemoFiles } from '../../demo/generate.js';
import { openDataset, withEngine, type Engine } from '../../engine/index.js';
import { emit, notice } from '../io.js';

interface DemoFlags {
  dir: string;
  users: string;
  seed: string;
}

interface DemoStep {
  title: string;
  lines: string[];
  result: unknown;
}

/** `veil demo`: generates a synthetic consumer-app dataset and runs Veil end to end on it. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('generate realistic synthetic user data and run Veil end to end on it')
    .option('--dir <dir>', 'where to write the sample data and outputs', 'veil-demo')
    .option('--users <n>', 'number of synthetic users', '2000')
    .option('--seed <n>', 'random seed for the generator', '42')
    .action(async (flags: DemoFlags) => {
      const dir = resolve(flags.dir);
      notice(`generating ${flags.users} synthetic users in ${dir} ...`);
      const files = await generateDemoData(
        dir,
        {
          users: Number(flags.users),
          pointsPerUser: 40,
          messagesPerUser: 3,
        },
        Number(flags.seed),
      );
      const steps = await withEngine(async (engine) => [await datasetsStep(engine, files)]);
      emit({ dir, files, steps: steps.map((s) => ({ title: s.title, result: s.result })) }, () =>
        render(steps),
      );
    });
}

async function datasetsStep(engine: Engine, files: DemoFiles): Promise<DemoStep> {
  const result: Record<string, { format: string; rows: number; columns: number }> = {};
  for (const [name, path] of Object.entries(files)) {
    const ds = await openDataset(engine, path);
    result[name] = { format: ds.format, rows: await ds.rowCount(), columns: ds.columns.length };
    await ds.close();
  }
  const lines = Object.entries(result).map(
    ([name, r]) =>
      `${name.padEnd(10)} ${r.format.padEnd(8)} ${String(r.rows).padStart(7)} rows  ${r.columns} columns`,
  );
  return { title: 'Datasets', lines, result };
}

function render(steps: DemoStep[]): string {
  return steps.map((s) => [`== ${s.title}`, ...s.lines.map((l) => `  ${l}`)].join('\n')).join('\n\n');
}
