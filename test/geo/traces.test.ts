import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { VeilError } from '../../src/core/errors.js';
import { withEngine } from '../../src/engine/duckdb.js';
import { readTraces, resolveTraceColumns } from '../../src/engine/traces.js';
import { writeTraces } from '../../src/engine/traces-write.js';
import { missingShared, sharedFile } from '../helpers/shared-data.js';
import { tempDir } from '../helpers/tmp.js';

const SAMPLE = sharedFile('geo/geolife_sample.txt.gz');

const CSV = [
  'user,latitude,longitude,ts,note',
  'a,39.98,116.31,2008-10-23 05:53:05,ok',
  'a,91.5,116.31,2008-10-23 05:53:06,lat out of range',
  'b,39.90,-181.25,2008-10-23 05:53:07,lng out of range',
  'b,NaN,116.0,2008-10-23 05:53:08,nan',
  'b,39.91,116.40,,no time',
  ',39.91,116.40,2008-10-23 05:53:09,no subject',
  'b,39.91,116.40,2008-10-23T06:00:00Z,ok',
].join('\n');

test('trace columns are detected by common names or named explicitly', () => {
  assert.deepEqual(resolveTraceColumns(['uid', 'Lat', 'lon', 'datetime']), {
    subject: 'uid',
    lat: 'Lat',
    lng: 'lon',
    time: 'datetime',
  });
  assert.throws(() => resolveTraceColumns(['a', 'b']), /which column holds the subject/);
  assert.throws(() => resolveTraceColumns(['uid', 'lat', 'lng', 'time'], { lat: 'nope' }), /no column named/);
});

test('bad trace points fail the run at their row, without the value in the message', async () => {
  const dir = tempDir();
  const file = join(dir, 'points.csv');
  writeFileSync(file, CSV);
  const err = await withEngine((e) => readTraces(e, file)).then(
    () => assert.fail('expected an error'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof VeilError && err.kind === 'input');
  assert.match(err.where!, /points\.csv row 2$/);
  assert.match(err.message, /latitude outside/);
  assert.ok(!err.toLine().includes('91.5'));
});

test('quarantine sets bad points aside with row and reason, and keeps the good ones', async () => {
  const dir = tempDir();
  const file = join(dir, 'points.csv');
  const quarantine = join(dir, 'bad.jsonl');
  writeFileSync(file, CSV);
  const result = await withEngine((e) =>
    readTraces(e, file, { onError: { mode: 'quarantine', path: quarantine } }),
  );
  assert.equal(result.traces.length, 2);
  assert.equal(result.rows, 7);
  assert.equal(result.quarantined, 5);
  const bad = readFileSync(quarantine, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { row: number; reason: string });
  assert.deepEqual(
    bad.map((b) => b.row),
    [2, 3, 4, 5, 6],
  );
  assert.deepEqual(
    bad.map((b) => b.reason),
    [
      'latitude outside [-90, 90]',
      'longitude outside [-180, 180]',
      'latitude is missing or not a number',
      'timestamp is missing or unreadable',
      'subject is missing',
    ],
  );
  assert.ok(!readFileSync(quarantine, 'utf8').includes('181.25'), 'no coordinate in the quarantine file');
  assert.equal(result.traces.time[1], Date.UTC(2008, 9, 23, 6));
});

test('GeoLife .plt folders are read with the user folder as subject', async () => {
  const dir = tempDir();
  const header = [
    'Geolife trajectory',
    'WGS 84',
    'Altitude is in Feet',
    'Reserved 3',
    '0,2,255,My Track,0,0,2,8421376',
    '0',
  ];
  const write = (user: string, name: string, lines: string[]): void => {
    mkdirSync(join(dir, 'Data', user, 'Trajectory'), { recursive: true });
    writeFileSync(join(dir, 'Data', user, 'Trajectory', name), [...header, ...lines].join('\r\n'));
  };
  write('000', '20081023025304.plt', [
    '39.984702,116.318417,0,492,39744.1201851852,2008-10-23,02:53:04',
    '39.984683,116.31845,0,492,39744.1202546296,2008-10-23,02:53:10',
  ]);
  write('001', '20081024.plt', [
    '39.9,116.3,0,492,39745.1,2008-10-24,09:00:00',
    '95.0,116.3,0,492,39745.1,2008-10-24,09:00:05',
  ]);
  const quarantine = join(dir, 'q.jsonl');
  const result = await withEngine((e) =>
    readTraces(e, join(dir, 'Data'), { onError: { mode: 'quarantine', path: quarantine } }),
  );
  assert.equal(result.source, 'geolife');
  assert.deepEqual(result.traces.subjects, ['000', '001']);
  assert.equal(result.traces.length, 3);
  assert.equal(result.traces.time[0], Date.UTC(2008, 9, 23, 2, 53, 4));
  const [bad] = readFileSync(quarantine, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { file: string; line: number });
  assert.equal(bad!.line, 8);
  assert.match(bad!.file, /001.Trajectory.20081024\.plt$/);
});

test('protected points round-trip through writeTraces and readTraces', async () => {
  const dir = tempDir();
  const file = join(dir, 'points.csv');
  writeFileSync(file, CSV);
  await withEngine(async (engine) => {
    const { traces } = await readTraces(engine, file, {
      onError: { mode: 'quarantine', path: join(dir, 'q.jsonl') },
    });
    const out = join(dir, 'out.parquet');
    const written = await writeTraces(
      engine,
      { traces, cells: ['x1', 'x2'], cellColumn: 'h3', keep: Uint8Array.of(1, 0) },
      out,
    );
    assert.equal(written.rows, 1);
    const back = await readTraces(engine, out);
    assert.deepEqual(back.traces.subjects, ['a']);
    assert.equal(back.traces.time[0], traces.time[0]);
    assert.equal(back.traces.lat[0], traces.lat[0]);
  });
});

test(
  'the GeoLife sample reads completely',
  { skip: missingShared('geo/geolife_sample.txt.gz') },
  async () => {
    const result = await withEngine((e) => readTraces(e, SAMPLE));
    assert.equal(result.quarantined, 0);
    assert.ok(result.traces.length > 200_000);
    assert.deepEqual(result.columns, { subject: 'uid', lat: 'lat', lng: 'lng', time: 'datetime' });
  },
);
