/**
 * Bounded memory on a large input: `veil convert BIG.csv OUT.parquet` (structure check, typed read,
 * atomic Parquet write) against DuckDB's own COPY of the same file in a child process, each with its
 * peak RSS (VmHWM) and wall time. Goal (issue 2): a 5 GB input in under 1 GB RSS.
 * Run: node --import tsx bench/io-memory.ts [gigabytes]   (default 5)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withEngine } from '../src/engine/index.js';

const gigabytes = Number(process.argv[2] ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'veil-bench-mem-'));
const input = join(dir, 'input.csv');
const BYTES_PER_ROW = 96; // measured for the row shape below

interface Measured {
  ms: number;
  peakRssMb: number;
}

/** Runs a child process and polls its high-water RSS until it exits. */
function measure(args: string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let peak = 0;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
        peak = Math.max(peak, kb / 1024);
      } catch {
        // the process has just exited
      }
    }, 100);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
      else resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, peakRssMb: peak });
    });
  });
}

const rows = Math.round((gigabytes * 1e9) / BYTES_PER_ROW);
console.log(`generating ${rows.toLocaleString()} CSV rows (~${gigabytes} GB) ...`);
await withEngine((engine) =>
  engine.run(`COPY (
    SELECT i AS id, 'user' || (i % 1000003) AS user_id, md5(i::VARCHAR) AS email_hash,
           (i % 97) * 1.5 AS amount, TIMESTAMP '2024-01-01' + INTERVAL (i % 10000000) SECOND AS ts,
           i % 2 = 0 AS flag, 'note ' || (i % 7919) AS note
    FROM range(${rows}) t(i)) TO '${input}' (FORMAT csv, HEADER true)`),
);
const size = statSync(input).size;
console.log(`input: ${(size / 1e9).toFixed(2)} GB, ${(size / rows).toFixed(0)} bytes per row`);

const floorScript = `
import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run("COPY (SELECT * FROM read_csv('${input}')) TO '${join(dir, 'floor.parquet')}' (FORMAT parquet)");
`;
const floor = await measure(['--input-type=module', '-e', floorScript]);
const veil = await measure(['bin/veil.js', 'convert', input, join(dir, 'veil.parquet'), '--quiet']);

console.log(
  `duckdb COPY (child process):  ${(floor.ms / 1000).toFixed(1)} s, peak RSS ${floor.peakRssMb.toFixed(0)} MB`,
);
console.log(
  `veil convert (CLI process):   ${(veil.ms / 1000).toFixed(1)} s, peak RSS ${veil.peakRssMb.toFixed(0)} MB`,
);
console.log(
  `time ratio ${(veil.ms / floor.ms).toFixed(2)}x; veil peak RSS ${veil.peakRssMb < 1024 ? 'under' : 'OVER'} 1 GB`,
);
rmSync(dir, { recursive: true, force: true });
