import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { asVeilError, EXIT_CODES, UsageError, VeilError } from '../core/errors.js';
import { globalOptions, jsonReplacer, setGlobalOptions } from './io.js';
import { registerCommands } from './commands/index.js';
import { normalizeOnErrorArgs } from './dataset-options.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The program with the commands `argv` needs (all of them when it names none). */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('veil')
    .description('Privacy-aware data infrastructure for machine learning')
    .version(pkg.version, '-V, --version')
    .addOption(new Option('--json', 'machine-readable JSON output on stdout'))
    .addOption(new Option('-q, --quiet', 'no progress bars or notices'))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  program.hook('preAction', (_this, action) => {
    const opts = action.optsWithGlobals<{ json?: boolean; quiet?: boolean }>();
    setGlobalOptions({ json: Boolean(opts.json), quiet: Boolean(opts.quiet) });
  });
  await registerCommands(program, argv);
  return program;
}

/** Prints one clear error line (or a JSON error document) and returns the exit code. */
export function reportError(err: unknown): number {
  const veil = asVeilError(err);
  if (veil.kind === 'internal' && process.env.VEIL_DEBUG && err instanceof Error) {
    process.stderr.write(`${err.stack ?? err.message}\n`);
  }
  if (globalOptions().json) {
    process.stdout.write(`${JSON.stringify({ error: veil.toJSON() }, jsonReplacer)}\n`);
  }
  process.stderr.write(`veil: error: ${veil.toLine()}\n`);
  return veil.exitCode;
}

export async function main(argv: string[]): Promise<number> {
  // Applies global flags even when commander fails before any action runs.
  setGlobalOptions({ json: argv.includes('--json'), quiet: argv.includes('--quiet') || argv.includes('-q') });
  try {
    const args = normalizeOnErrorArgs(argv);
    const program = await buildProgram(args);
    await program.parseAsync(args, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_CODES.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return EXIT_CODES.ok; // --help, --version
      return reportError(
        new UsageError(err.message.replace(/^error: /, '').replace(/\.$/, ''), { hint: 'see veil --help' }),
      );
    }
    if (err instanceof VeilError || err instanceof Error) return reportError(err);
    return reportError(err);
  }
}
