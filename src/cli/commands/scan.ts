import type { Command } from 'commander';
import { registerRedactText, registerScanText } from './scan-text.js';

/**
 * `veil scan` (find personal data) and `veil redact` (remove it) are command groups: `text`
 * handles free-text documents; dataset subcommands can join the same groups.
 */
export function register(program: Command): void {
  const scan = program.command('scan').description('find personal data');
  registerScanText(scan);
  const redact = program.command('redact').description('replace personal data');
  registerRedactText(redact);
}
