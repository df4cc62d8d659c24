/**
 * Memory of `protectDataset` on a large CSV input (issue goal: under 2 GB on a 5 GB input): writes a
 * CSV of at least GB gigabytes of the shared events table, then runs in a fresh child process, one
 * after the other, DuckDB's plain COPY of the file to Parquet (the I/O floor) and protect under the
 * 10-rule policy to Parquet, and prints each one's wall time, CPU time and peak RSS (maxRSS).
 *   node --import tsx bench/protect-memory.ts [GB]   (default 5)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Keyring, MemoryKeyStore } from '../src/crypto/keyring.js';
import { LocalKms } from '../src/crypto/kms.js';
import { protectDataset, withEngine } from '../src/engine/index.js';
import { parsePolicy } from '../src/policy/index.js';
import { eventsSql, POLICY } from './protect-fixture.js';

interface Measured {
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
  rows?: number;
}

async function child(mode: string, input: string, output: string): Promise<void> {
  const t0 = performance.now();
  let rows: number | undefined;
  if (mode === 'copy') {
    await withEngine((engine) =>
      engine.run(
        `COPY (SELECT * FROM read_csv('${input}')) TO '${output}' (FORMAT parquet, COMPRESSION zstd)`,
      ),
    );
  } else {
    const keyring = new Keyring(new MemoryKeyStore(), new LocalKms(randomBytes(32)));
    await keyring.create('ids');
    const result = await protectDataset({
      input,
      output,
      policy: parsePolicy(POLICY, 'bench-policy.yaml'),
      purpose: 'ml',
      keys: () => ({ keyring }),
    });
    rows = result.manifest.output.rows;
  }
  const usage = process.resourceUsage();
  const measured: Measured = {
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    maxRssMB: usage.maxRSS / 1024,
    ...(rows === undefined ? {} : { rows }),
  };
  console.log(JSON.stringify(measured));
}

function run(mode: string, input: string, output: string): Measured {
  const self = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--import', 'tsx', self, mode, input, output], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Measured;
}

async function main(gigabytes: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'veil-bench-protect-memory-'));
  try {
    const input = join(dir, 'events.csv');
    const probe = join(dir, 'probe.csv');
    await withEngine(async (engine) => {
      await engine.run(`COPY (${eventsSql(100_000)}) TO '${probe}' (FORMAT csv, HEADER)`);
      const rows = Math.ceil((gigabytes * 1e9) / (statSync(probe).size / 100_000));
      console.log(`writing ${rows.toLocaleString()} rows of CSV ...`);
      await engine.run(`COPY (${eventsSql(rows)}) TO '${input}' (FORMAT csv, HEADER)`);
    });
    console.log(`input: ${(statSync(input).size / 1e9).toFixed(2)} GB CSV`);
    const copy = run('copy', input, join(dir, 'copy.parquet'));
    const protect = run('protect', input, join(dir, 'protected.parquet'));
    const line = (name: string, m: Measured): string =>
      `${name}: ${m.seconds.toFixed(1)} s wall, ${m.cpuSeconds.toFixed(1)} s CPU, peak RSS ${m.maxRssMB.toFixed(0)} MB`;
    console.log(line('duckdb COPY csv -> parquet', copy));
    console.log(`${line('veil protect (10 rules)', protect)}, ${protect.rows?.toLocaleString()} rows`);
    console.log(
      `ratio ${(protect.seconds / copy.seconds).toFixed(2)}x wall, ${(protect.cpuSeconds / copy.cpuSeconds).toFixed(2)}x CPU | goal: peak RSS < 2048 MB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [mode, input, output] = process.argv.slice(2);
if (mode === 'copy' || mode === 'protect') await child(mode, input!, output!);
else await main(Number(mode ?? 5));
