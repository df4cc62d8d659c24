import type { Command } from 'commander';
import { resolve } from 'node:path';
import { generateDemoData } from '../../demo/generate.js';
import {
  anonymizeStep,
  datasetsStep,
  dpStep,
  draftStep,
  geoStep,
  protectStep,
  scanStep,
  textStep,
  type DemoContext,
  type DemoStep,
} from '../../demo/steps.js';
import { UsageError } from '../../core/errors.js';
import { withEngine } from '../../engine/index.js';
import { emit, notice } from '../io.js';

interface DemoFlags {
  dir: string;
  users: string;
  seed: string;
}

/** The demo's sections in order; each later capability adds its step here. */
const STEPS: ((ctx: DemoContext) => Promise<DemoStep>)[] = [
  datasetsStep,
  textStep,
  scanStep,
  draftStep,
  protectStep,
  anonymizeStep,
  dpStep,
  geoStep,
];

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
      const users = count(flags.users, '--users', 10);
      notice(`generating ${users} synthetic users in ${dir} ...`);
      const files = await generateDemoData(
        dir,
        { users, pointsPerUser: 40, messagesPerUser: 3 },
        count(flags.seed, '--seed', 0),
      );
      const steps = await withEngine(async (engine) => {
        const done: DemoStep[] = [];
        for (const step of STEPS) {
          const result = await step({ engine, dir, files });
          notice(`done: ${result.title}`);
          done.push(result);
        }
        return done;
      });
      emit({ dir, files, steps: steps.map((s) => ({ title: s.title, result: s.result })) }, () =>
        render(steps),
      );
    });
}

function count(text: string, flag: string, min: number): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min)
    throw new UsageError(`${flag} must be an integer of at least ${min}`, { where: flag });
  return n;
}

function render(steps: DemoStep[]): string {
  return steps.map((s) => [`== ${s.title}`, ...s.lines.map((l) => `  ${l}`)].join('\n')).join('\n\n');
}
