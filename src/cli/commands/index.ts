import type { Command } from 'commander';

type CommandModule = { register(program: Command): void };

/**
 * Each command module and the top-level commands it registers. A run loads only the module of
 * its command: loading every command's dependencies (DuckDB, the HTTP server, the crypto stack,
 * ...) made every run, even `veil --version`, start in about 1.5 s. Help over all commands, and a
 * name that is none of these, load them all.
 */
export const COMMAND_MODULES: ReadonlyArray<[readonly string[], () => Promise<CommandModule>]> = [
  [['anonymize'], () => import('./anonymize.js')],
  [['apikey'], () => import('./apikey.js')],
  [['audit'], () => import('./audit.js')],
  [['check'], () => import('./check.js')],
  [['inspect', 'convert'], () => import('./dataset.js')],
  [['demo'], () => import('./demo.js')],
  [['dp'], () => import('./dp.js')],
  [['geo'], () => import('./geo.js')],
  [['keys'], () => import('./keys.js')],
  [['policy'], () => import('./policy.js')],
  [['protect'], () => import('./protect.js')],
  [['risk'], () => import('./risk.js')],
  [['scan', 'redact'], () => import('./scan.js')],
  [['serve'], () => import('./serve.js')],
  [['transform'], () => import('./transform.js')],
];

/** Registers the module of the command `argv` names, or every module when it names none. */
export async function registerCommands(program: Command, argv: readonly string[]): Promise<void> {
  const name = argv.find((arg) => !arg.startsWith('-'));
  // `veil --version` needs no command.
  if (name === undefined && (argv.includes('--version') || argv.includes('-V'))) return;
  const one = COMMAND_MODULES.find(([names]) => name !== undefined && names.includes(name));
  for (const [, load] of one ? [one] : COMMAND_MODULES) (await load()).register(program);
}
