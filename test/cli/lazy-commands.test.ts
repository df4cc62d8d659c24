import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { COMMAND_MODULES } from '../../src/cli/commands/index.js';
import { runVeil } from '../helpers/cli.js';

test('each command module registers exactly the top-level commands the lazy table names', async () => {
  for (const [names, load] of COMMAND_MODULES) {
    const program = new Command('veil');
    (await load()).register(program);
    assert.deepEqual(
      program.commands.map((c) => c.name()),
      [...names],
    );
  }
});

test('a run loads only its command; help and unknown commands still see them all', async () => {
  const help = await runVeil(['--help']);
  assert.equal(help.code, 0);
  for (const [names] of COMMAND_MODULES)
    for (const name of names) assert.match(help.stdout, new RegExp(`\\b${name}\\b`));
  const version = await runVeil(['--json', '--version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  const typo = await runVeil(['scna']);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /scan/);
  const redact = await runVeil(['redact', 'text', '--no-names', '--format', 'text', '-'], {
    input: 'mail a@example.com\n',
  });
  assert.equal(redact.code, 0, redact.stderr);
  assert.match(redact.stdout, /<EMAIL_ADDRESS>/);
});
