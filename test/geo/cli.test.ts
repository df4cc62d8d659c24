import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { getResolution } from 'h3-js';
import { syntheticTraces } from '../../src/geo/synthetic.js';
import { runVeil } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

/** A synthetic population as CSV, plus one row with an impossible latitude. */
function writeTraceCsv(path: string, subjects: number, badRow = false): void {
  const t = syntheticTraces({ subjects, days: 3, fixesPerHour: 1, radiusMetres: 4000, seed: 'cli' });
  const lines = ['uid,lat,lng,datetime'];
  for (let i = 0; i < t.length; i++) {
    lines.push(
      `${t.subjects[t.subject[i]!]},${t.lat[i]!.toFixed(6)},${t.lng[i]!.toFixed(6)},${new Date(t.time[i]!).toISOString()}`,
    );
  }
  if (badRow) lines.splice(3, 0, 'subject-0,123.456789,116.4,2024-01-01T00:00:00Z');
  writeFileSync(path, `${lines.join('\n')}\n`);
}

function readCsv(path: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [names[i]!, v])));
}

test('geo coarsen --h3 writes H3 cells and their centres', async () => {
  const dir = tempDir();
  const input = join(dir, 'in.csv');
  writeTraceCsv(input, 5);
  const res = await runVeil([
    '--json',
    'geo',
    'coarsen',
    input,
    join(dir, 'out.csv'),
    '--h3',
    '7',
    '--time-unit',
    'hour',
  ]);
  assert.equal(res.code, 0, res.stderr);
  const doc = JSON.parse(res.stdout) as { output: { rows: number } };
  const rows = readCsv(join(dir, 'out.csv'));
  assert.equal(doc.output.rows, rows.length);
  assert.ok(rows.every((r) => getResolution(r.h3!) === 7));
  assert.ok(
    rows.every((r) => /T\d\d:00:00|\d\d:00:00$/.test(r.time!)),
    'times are on the hour',
  );
});

test('a bad point fails with exit 3 and its row; quarantine sets it aside', async () => {
  const dir = tempDir();
  const input = join(dir, 'in.csv');
  writeTraceCsv(input, 3, true);
  const failed = await runVeil([
    'geo',
    'noise',
    input,
    join(dir, 'out.csv'),
    '--level',
    '1.386',
    '--radius',
    '200',
  ]);
  assert.equal(failed.code, 3);
  assert.match(failed.stderr, /latitude outside \[-90, 90\].*row 3/);
  assert.ok(!failed.stderr.includes('123.45'), 'the value is not printed');
  assert.ok(!existsSync(join(dir, 'out.csv')), 'no partial output');
  const q = join(dir, 'bad.jsonl');
  const ok = await runVeil([
    'geo',
    'noise',
    input,
    join(dir, 'out.csv'),
    '--on-error',
    'quarantine',
    q,
    '--grid',
    '100',
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /1 bad record\(s\) quarantined/);
  assert.deepEqual(JSON.parse(readFileSync(q, 'utf8')), {
    file: input,
    row: 3,
    reason: 'latitude outside [-90, 90]',
  });
});

test('geo cloak releases only cells with at least k distinct subjects per window', async () => {
  const dir = tempDir();
  const input = join(dir, 'in.csv');
  writeTraceCsv(input, 40);
  const out = join(dir, 'cloaked.csv');
  const res = await runVeil([
    '--json',
    'geo',
    'cloak',
    input,
    out,
    '--k',
    '4',
    '--window',
    '6h',
    '--min-res',
    '5',
  ]);
  assert.equal(res.code, 0, res.stderr);
  const doc = JSON.parse(res.stdout) as { released: number; suppressed: number };
  const groups = new Map<string, Set<string>>();
  for (const row of readCsv(out)) {
    const key = `${row.h3}|${row.time}`;
    groups.set(key, (groups.get(key) ?? new Set()).add(row.subject!));
  }
  assert.ok(doc.released > 0);
  for (const [key, subjects] of groups) assert.ok(subjects.size >= 4, `${key}: ${subjects.size}`);
});

test('geo risk reports unicity raw vs protected, reproducibly', async () => {
  const dir = tempDir();
  const input = join(dir, 'in.csv');
  writeTraceCsv(input, 60);
  const args = [
    '--json',
    'geo',
    'risk',
    input,
    '--resolution',
    '9',
    '--protect',
    'h3=5',
    '--protect',
    'time=6h',
  ];
  const first = await runVeil(args);
  assert.equal(first.code, 0, first.stderr);
  type Doc = {
    report: {
      raw: { unicity: { byP: { unicity: number }[] } };
      protected: { unicity: { byP: { unicity: number }[] } };
    };
  };
  const doc = JSON.parse(first.stdout) as Doc;
  const raw4 = doc.report.raw.unicity.byP[1]!.unicity;
  const safe4 = doc.report.protected.unicity.byP[1]!.unicity;
  assert.ok(raw4 > 0.9 && safe4 < raw4, `raw ${raw4}, protected ${safe4}`);
  assert.equal((await runVeil(args)).stdout, first.stdout);
});

test('usage errors exit 2', async () => {
  const dir = tempDir();
  const input = join(dir, 'in.csv');
  writeTraceCsv(input, 2);
  for (const args of [
    ['geo', 'coarsen', input, join(dir, 'o.csv'), '--h3', '7', '--round', '3'],
    ['geo', 'coarsen', input, join(dir, 'o.csv'), '--h3', '17'],
    ['geo', 'risk', input, '--protect', 'teleport=1'],
    ['geo', 'cloak', input, join(dir, 'o.csv'), '--k', '0'],
    ['geo', 'noise', input, join(dir, 'o.csv'), '--region', '1,2,3'],
  ]) {
    const res = await runVeil(args);
    assert.equal(res.code, 2, `${args.join(' ')}: ${res.stderr}`);
  }
});

test('geo risk accepts cloaking as the protection to compare', async () => {
  const dir = tempDir();
  const input = join(dir, 'in.csv');
  writeTraceCsv(input, 30);
  const human = await runVeil(['geo', 'risk', input, '--points', '2,4', '--protect', 'cloak=3/6h']);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /p\s+raw\s+protected\s+subjects tested/);
  const res = await runVeil(['--json', 'geo', 'risk', input, '--points', '2,4', '--protect', 'cloak=3/6h']);
  assert.equal(res.code, 0, res.stderr);
  const doc = JSON.parse(res.stdout) as {
    report: {
      points: number;
      protected: { protection: { op: string; k: number }[]; unicity: { byP: { p: number }[] } };
    };
  };
  assert.deepEqual(doc.report.protected.protection[0], {
    op: 'cloak',
    k: 3,
    window: '6h',
    min_resolution: 4,
    max_resolution: 10,
  });
  assert.deepEqual(
    doc.report.protected.unicity.byP.map((u) => u.p),
    [2, 4],
  );
});
