import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { openDataset, openEngine, writeQuery, type Engine } from '../../src/engine/index.js';
import { InputError } from '../../src/core/errors.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
let engine: Engine;

before(async () => {
  engine = await openEngine();
  await engine.run(`COPY (
    SELECT i::INTEGER AS id, (i * 1000000000000)::BIGINT AS big, i / 4 AS ratio, 'name ' || i AS name,
           TIMESTAMP '2024-01-01 08:30:00' + INTERVAL (i) HOUR AS seen_at, DATE '2000-01-01' + i::INTEGER AS born,
           i % 2 = 0 AS even
    FROM range(1, 101) t(i)) TO '${join(dir, 'typed.parquet')}' (FORMAT parquet)`);
});
after(() => engine.close());

async function readAll(path: string): Promise<Record<string, unknown>[]> {
  const ds = await openDataset(engine, path);
  const rows: Record<string, unknown>[] = [];
  for await (const batch of ds.batches(7)) rows.push(...batch);
  await ds.close();
  return rows;
}

async function typesOf(path: string): Promise<Record<string, string>> {
  const ds = await openDataset(engine, path);
  await ds.close();
  return Object.fromEntries(ds.columns.map((c) => [c.name, c.type]));
}

for (const ext of ['parquet', 'jsonl', 'csv', 'csv.gz', 'jsonl.zst']) {
  test(`round trip Parquet -> ${ext} -> Parquet keeps values and types`, async () => {
    const source = join(dir, 'typed.parquet');
    const mid = join(dir, `mid.${ext}`);
    const back = join(dir, `back-${ext.replace('.', '-')}.parquet`);
    const ds = await openDataset(engine, source);
    await writeQuery(engine, `SELECT * FROM ${ds.relation}`, mid);
    const midDs = await openDataset(engine, mid);
    await writeQuery(engine, `SELECT * FROM ${midDs.relation}`, back);
    const expectedTypes = await typesOf(source);
    const gotTypes = await typesOf(back);
    // Text formats carry no schema: integers come back as BIGINT, which still holds every value.
    for (const [name, type] of Object.entries(expectedTypes)) {
      const got = gotTypes[name];
      if (ext.startsWith('parquet')) assert.equal(got, type, name);
      else
        assert.ok(got === type || (type === 'INTEGER' && got === 'BIGINT'), `${name}: ${type} became ${got}`);
    }
    const a = await readAll(source);
    const b = await readAll(back);
    assert.equal(b.length, 100);
    assert.deepEqual(
      b.map((r) => [
        Number(r.id),
        BigInt(r.big as bigint),
        r.ratio,
        r.name,
        (r.seen_at as Date).toISOString(),
        r.even,
      ]),
      a.map((r) => [
        Number(r.id),
        BigInt(r.big as bigint),
        r.ratio,
        r.name,
        (r.seen_at as Date).toISOString(),
        r.even,
      ]),
    );
  });
}

test('nested JSON objects are addressed by dotted paths and re-nested on JSONL output', async () => {
  const path = join(dir, 'nested.jsonl');
  writeFileSync(
    path,
    [
      { id: 1, user: { email: 'a@example.com', geo: { lat: 48.85, lng: 2.35 } }, tags: ['x'] },
      { id: 2, user: { email: 'b@example.com', geo: { lat: -33.86, lng: 151.2 } }, tags: [] },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n'),
  );
  const ds = await openDataset(engine, path);
  assert.deepEqual(
    ds.columns.map((c) => c.name),
    ['id', 'user.email', 'user.geo.lat', 'user.geo.lng', 'tags'],
  );
  const rows = await engine.all(`SELECT "user.geo.lat" AS lat FROM ${ds.relation} ORDER BY id`);
  assert.deepEqual(
    rows.map((r) => r.lat),
    [48.85, -33.86],
  );
  const out = join(dir, 'nested-out.jsonl');
  await writeQuery(engine, `SELECT * FROM ${ds.relation}`, out);
  const lines = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);
  assert.deepEqual(lines[0], {
    id: 1,
    user: { email: 'a@example.com', geo: { lat: 48.85, lng: 2.35 } },
    tags: ['x'],
  });
});

test('gzip CSV input with a semicolon delimiter is detected and read', async () => {
  const path = join(dir, 'semi.csv.gz');
  writeFileSync(path, gzipSync('id;city;score\n1;Paris;1.5\n2;"Lyon; France";2.5\n'));
  const ds = await openDataset(engine, path);
  assert.equal(ds.compression, 'gzip');
  const rows = await engine.all(`SELECT * FROM ${ds.relation} ORDER BY id`);
  assert.deepEqual(
    rows.map((r) => [r.city, r.score]),
    [
      ['Paris', 1.5],
      ['Lyon; France', 2.5],
    ],
  );
});

test('a malformed CSV row fails with file and line, without echoing the row', async () => {
  const path = join(dir, 'bad.csv');
  writeFileSync(path, 'id,email,age\n1,a@x.io,30\n2,secret@x.io,40,EXTRA\n3,c@x.io,50\n');
  await assert.rejects(openDataset(engine, path), (err: unknown) => {
    assert.ok(err instanceof InputError);
    assert.equal(err.where, `${path}:3`);
    assert.match(err.message, /expected 3 fields, found 4/);
    assert.doesNotMatch(err.toLine(), /secret@x\.io/);
    return true;
  });
});

test('an unterminated quote is reported on the line where the record starts', async () => {
  const path = join(dir, 'quote.csv');
  writeFileSync(path, 'id,note\n1,fine\n2,"never closed\n3,after\n');
  await assert.rejects(openDataset(engine, path), (err: unknown) => {
    assert.ok(err instanceof InputError);
    assert.equal(err.where, `${path}:3`);
    assert.match(err.message, /unterminated quoted field/);
    return true;
  });
});

test('quarantine writes each bad record with line and reason, and the good rows go on', async () => {
  const path = join(dir, 'mixed.jsonl');
  const invalidUtf8 = Buffer.from([0xff, 0xfe]);
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from('{"id":1}\n{"id":2,broken\n[1,2]\n\n{"id":5}\n'),
      invalidUtf8,
      Buffer.from('{"id":6}\n'),
    ]),
  );
  const qpath = join(dir, 'mixed.quarantine.jsonl');
  const ds = await openDataset(engine, path, { onError: { mode: 'quarantine', path: qpath } });
  assert.equal(ds.quarantined, 3);
  assert.equal(await ds.rowCount(), 2);
  const bad = readFileSync(qpath, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { line: number; reason: string; record: string });
  assert.deepEqual(
    bad.map((b) => [b.line, b.reason]),
    [
      [2, 'invalid JSON at column 9'],
      [3, 'not a JSON object'],
      [6, 'invalid UTF-8'],
    ],
  );
  assert.equal(bad[0]!.record, '{"id":2,broken');
  await ds.close();
});

test('a truncated Parquet file is an input error naming the file', async () => {
  const good = readFileSync(join(dir, 'typed.parquet'));
  const path = join(dir, 'truncated.parquet');
  writeFileSync(path, good.subarray(0, Math.floor(good.length / 2)));
  await assert.rejects(openDataset(engine, path), (err: unknown) => {
    assert.ok(err instanceof InputError);
    assert.equal(err.where, path);
    assert.match(err.message, /Parquet/);
    return true;
  });
});

test('a write that fails mid-query leaves neither the output nor a temporary file', async () => {
  const out = join(dir, 'never.parquet');
  await assert.rejects(
    writeQuery(
      engine,
      `SELECT CASE WHEN i < 50000 THEN i ELSE error('boom') END AS x FROM range(100000) t(i)`,
      out,
    ),
  );
  assert.equal(existsSync(out), false);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('never')),
    [],
  );
});

test('widenMemory raises the default memory limit, never one the user chose', async () => {
  const limit = async (e: Engine) =>
    String((await e.all(`SELECT current_setting('memory_limit') AS m`))[0]!.m);
  const saved = process.env.VEIL_MEMORY_LIMIT;
  delete process.env.VEIL_MEMORY_LIMIT;
  const byDefault = await openEngine();
  const chosen = await openEngine({ memoryLimit: '256MB' });
  try {
    const before = await limit(byDefault);
    await byDefault.widenMemory('2GB');
    await chosen.widenMemory('2GB');
    assert.match(before, /^48\d\.\d MiB$/);
    assert.match(await limit(byDefault), /^1\.8 GiB$/);
    assert.match(await limit(chosen), /^24\d\.\d MiB$/);
  } finally {
    byDefault.close();
    chosen.close();
    if (saved !== undefined) process.env.VEIL_MEMORY_LIMIT = saved;
  }
});
