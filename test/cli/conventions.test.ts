import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runVeil } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

test('--version prints the package version and exits 0', async () => {
  const res = await runVeil(['--version']);
  assert.equal(res.code, 0);
  assert.equal(res.stdout.trim(), pkg.version);
});

test('--help lists usage and exits 0', async () => {
  const res = await runVeil(['--help']);
  assert.equal(res.code, 0);
  assert.match(res.stdout, /Usage: veil/);
});

test('an unknown command is a usage error: exit 2, one line on stderr', async () => {
  const res = await runVeil(['no-such-command']);
  assert.equal(res.code, 2);
  const lines = res.stderr.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^veil: error: .*no-such-command/);
});

test('usage errors with --json also print a JSON error document', async () => {
  const res = await runVeil(['--json', 'no-such-command']);
  assert.equal(res.code, 2);
  const doc = JSON.parse(res.stdout) as { error: { kind: string } };
  assert.equal(doc.error.kind, 'usage');
});
