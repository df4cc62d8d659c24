import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const root = new URL('..', import.meta.url).pathname;

function run(cmd: string, args: string[]): { status: number | null; output: string } {
  const res = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  return { status: res.status, output: `${res.stdout}\n${res.stderr}` };
}

test('eslint passes on the whole tree', () => {
  const res = run('npx', ['eslint', '.']);
  assert.equal(res.status, 0, res.output);
});

test('prettier formatting is clean', () => {
  const res = run('npx', ['prettier', '--check', 'src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts']);
  assert.equal(res.status, 0, res.output);
});

test('imports point down the layers (dependency-cruiser)', () => {
  const res = run('npx', ['depcruise', 'src', '--config', '.dependency-cruiser.cjs']);
  assert.equal(res.status, 0, res.output);
});
