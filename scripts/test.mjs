#!/usr/bin/env node
// Runs the whole suite: a strict type-check and build (CLI tests drive the built `veil` bin),
// then node's test runner over every test/**/*.test.ts through tsx. Extra args filter test files
// by substring, e.g. `npm test -- dp/`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function run(cmd, args) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  return res.status ?? 1;
}

function collect(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return collect(p);
    return name.endsWith('.test.ts') ? [relative(root, p)] : [];
  });
}

if (!process.env.VEIL_SKIP_BUILD) {
  const code = run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']) || run('npx', ['tsc', '-p', 'tsconfig.build.json']);
  if (code !== 0) {
    console.log('type-check or build failed');
    console.log('0 passed, 1 failed');
    process.exit(code);
  }
}

const files = collect(join(root, 'test'))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.log('no test files matched');
  process.exit(1);
}
const code = run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files]);
process.exit(code);
