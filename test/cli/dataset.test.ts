import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { withEngine } from '../../src/engine/index.js';
import { runVeil, VEIL_BIN } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

test('veil inspect --json describes columns and rows; exit 0', async () => {
  const path = join(dir, 'people.csv');
  writeFileSync(path, 'id,name,joined\n1,Ann,2024-01-02\n2,Bob,2024-03-04\n');
  const res = await runVeil(['inspect', path, '--json']);
  assert.equal(res.code, 0, res.stderr);
  const doc = JSON.parse(res.stdout) as { rows: number; columns: { name: string; type: string }[] };
  assert.equal(doc.rows, 2);
  assert.deepEqual(
    doc.columns.map((c) => `${c.name}:${c.type}`),
    ['id:BIGINT', 'name:VARCHAR', 'joined:DATE'],
  );
});

test('a missing input file is exit 3 with a one-line error', async () => {
  const res = await runVeil(['inspect', join(dir, 'nope.csv')]);
  assert.equal(res.code, 3);
  assert.match(res.stderr, /^veil: error: cannot read .*nope\.csv/);
});

test('an unknown extension is a usage error (exit 2) with a hint', async () => {
  const path = join(dir, 'data.xyz');
  writeFileSync(path, 'x');
  const res = await runVeil(['inspect', path]);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /--format/);
});

test('convert with --on-error quarantine FILE sets bad rows aside, reports the count, exit 0', async () => {
  const input = join(dir, 'dirty.csv');
  const output = join(dir, 'clean.parquet');
  const quarantine = join(dir, 'bad-rows.jsonl');
  writeFileSync(input, 'id,email\n1,a@x.io\n2,b@x.io,extra\n3,c@x.io\n');
  const res = await runVeil(['convert', input, output, '--on-error', 'quarantine', quarantine]);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stderr, /1 malformed record\(s\) quarantined/);
  const bad = JSON.parse(readFileSync(quarantine, 'utf8').trim()) as { line: number; reason: string };
  assert.equal(bad.line, 3);
  const rows = await withEngine((e) => e.all(`SELECT id FROM read_parquet('${output}') ORDER BY id`));
  assert.deepEqual(
    rows.map((r) => Number(r.id)),
    [1, 3],
  );
});

test('convert fails with exit 3 on a malformed row by default and writes no output', async () => {
  const input = join(dir, 'dirty2.csv');
  const output = join(dir, 'never.parquet');
  writeFileSync(input, 'id,email\n1,a@x.io\n2,b@x.io,extra\n');
  const res = await runVeil(['convert', input, output]);
  assert.equal(res.code, 3);
  assert.match(res.stderr, /dirty2\.csv:3/);
  assert.equal(existsSync(output), false);
});

test('killing convert mid-run leaves no output file', async () => {
  const input = join(dir, 'big.parquet');
  const output = join(dir, 'big-out.csv.gz');
  await withEngine((e) =>
    e.run(
      `COPY (SELECT i AS id, md5(i::VARCHAR) AS h, i * 0.5 AS v FROM range(6000000) t(i)) TO '${input}' (FORMAT parquet)`,
    ),
  );
  const child = spawn(process.execPath, [VEIL_BIN, 'convert', input, output], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal(child.exitCode, null, 'convert finished before it could be killed; make the input bigger');
  child.kill('SIGKILL');
  await new Promise((r) => child.on('close', r));
  assert.equal(existsSync(output), false);
});
