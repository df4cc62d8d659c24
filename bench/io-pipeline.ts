/**
 * Parquet -> Veil I/O pipeline (open, flatten, pass through, atomic write) vs DuckDB's own
 * `COPY (SELECT * FROM read_parquet(...)) TO ...` of the same file, the I/O floor.
 * Run: node --import tsx bench/io-pipeline.ts [rows]   (default 10,000,000)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataset, withEngine, writeQuery } from '../src/engine/index.js';
import { compare, printComparison } from './harness.js';

const rows = Number(process.argv[2] ?? 10_000_000);
const dir = mkdtempSync(join(tmpdir(), 'veil-bench-io-'));
const input = join(dir, 'input.parquet');

await withEngine(async (engine) => {
  console.log(`generating ${rows.toLocaleString()} rows ...`);
  await engine.run(`COPY (
    SELECT i AS id, 'user' || (i % 100000) AS user_id, md5(i::VARCHAR) AS email_hash,
           (i % 97) * 1.5 AS amount, TIMESTAMP '2024-01-01' + INTERVAL (i % 1000000) SECOND AS ts,
           i % 2 = 0 AS flag
    FROM range(${rows}) t(i)) TO '${input}' (FORMAT parquet, COMPRESSION zstd)`);
  console.log(`input: ${(statSync(input).size / 1e6).toFixed(0)} MB`);

  const library = await compare(
    {
      name: 'veil pipeline (library)',
      run: async () => {
        const ds = await openDataset(engine, input);
        await writeQuery(engine, `SELECT * FROM ${ds.relation}`, join(dir, 'veil.parquet'));
      },
    },
    {
      name: 'duckdb COPY',
      run: () =>
        engine.run(
          `COPY (SELECT * FROM read_parquet('${input}')) TO '${join(dir, 'floor.parquet')}' (FORMAT parquet, COMPRESSION 'zstd')`,
        ),
    },
    5,
  );
  printComparison(library, `${(((rows / library.candidateMs) * 1000) / 1e6).toFixed(1)} M rows/s`);

  const cli = await compare(
    {
      name: 'veil convert (CLI process)',
      run: () => {
        const res = spawnSync(process.execPath, [
          'bin/veil.js',
          'convert',
          input,
          join(dir, 'cli.parquet'),
          '--quiet',
        ]);
        if (res.status !== 0) throw new Error(`veil convert failed: ${res.stderr}`);
      },
    },
    {
      name: 'duckdb COPY',
      run: () =>
        engine.run(
          `COPY (SELECT * FROM read_parquet('${input}')) TO '${join(dir, 'floor.parquet')}' (FORMAT parquet, COMPRESSION 'zstd')`,
        ),
    },
    3,
  );
  printComparison(cli);
});
rmSync(dir, { recursive: true, force: true });
