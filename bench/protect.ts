/**
 * `protectDataset` on a Parquet file under a 10-rule policy (keyed pseudonyms, deterministic and
 * randomized encryption, masking, bucketing, generalization, coordinate rounding, free-text
 * redaction, drops) vs DuckDB's plain COPY of the same file, in the same run. Also peak RSS.
 * Two policies, each timed against COPY in the same run: as written (phone under randomized `encrypt`,
 * a fresh nonce per row), and a variant where phone uses `encrypt_deterministic` instead. A variant
 * name ending in "-unordered" runs protect with `preserveOrder: false` (`--unordered`), still against
 * plain (in-order) COPY; each run also times one COPY with PRESERVE_ORDER false and one at zstd level 1
 * (protect's Parquet level), for reference.
 * Run: node --import tsx bench/protect.ts [rows] [repetitions] [variants]
 *   (default 1,000,000 rows, 3 reps, variants
 *   "randomized,deterministic,randomized-unordered,deterministic-unordered")
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring, MemoryKeyStore } from '../src/crypto/keyring.js';
import { LocalKms } from '../src/crypto/kms.js';
import { protectDataset, withEngine } from '../src/engine/index.js';
import { parsePolicy } from '../src/policy/index.js';
import { compare, printComparison } from './harness.js';
import { eventsSql, POLICY } from './protect-fixture.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const repetitions = Number(process.argv[3] ?? 3);
const variants = (
  process.argv[4] ?? 'randomized,deterministic,randomized-unordered,deterministic-unordered'
).split(',');
const dir = mkdtempSync(join(tmpdir(), 'veil-bench-protect-'));
const input = join(dir, 'events.parquet');

await withEngine(async (engine) => {
  console.log(`generating ${rows.toLocaleString()} rows ...`);
  await engine.run(`COPY (${eventsSql(rows)}) TO '${input}' (FORMAT parquet, COMPRESSION zstd)`);
  console.log(`input: ${(statSync(input).size / 1e6).toFixed(0)} MB`);

  const keyring = new Keyring(new MemoryKeyStore(), new LocalKms(randomBytes(32)));
  await keyring.create('ids');
  for (const variant of variants) {
    const unordered = variant.endsWith('-unordered');
    const text = variant.startsWith('deterministic')
      ? POLICY.replace(
          'phone_number, transform: { op: encrypt,',
          'phone_number, transform: { op: encrypt_deterministic,',
        )
      : POLICY;
    const policy = parsePolicy(text, 'bench-policy.yaml');
    let rss = 0;
    const timer = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 100);
    const result = await compare(
      {
        name: `veil protect (${rows.toLocaleString()} rows, 10 rules, phone ${variant})`,
        run: async () => {
          await protectDataset({
            input,
            output: join(dir, 'protected.parquet'),
            policy,
            purpose: 'ml',
            keys: () => ({ keyring }),
            ...(unordered ? { preserveOrder: false } : {}),
          });
        },
      },
      {
        name: 'duckdb COPY',
        run: () =>
          engine.run(
            `COPY (SELECT * FROM read_parquet('${input}')) TO '${join(dir, 'copy.parquet')}' (FORMAT parquet, COMPRESSION 'zstd')`,
          ),
      },
      repetitions,
    );
    clearInterval(timer);
    printComparison(result, `goal <= 3x | peak RSS ${(rss / 1e6).toFixed(0)} MB (whole process)`);
  }
  // References, once each: COPY with the settings protect may use (unordered rows; zstd level 1,
  // which protect writes Parquet with) show how much of protect's ratio they would explain.
  for (const extra of ['PRESERVE_ORDER false', 'COMPRESSION_LEVEL 1']) {
    const started = performance.now();
    await engine.run(
      `COPY (SELECT * FROM read_parquet('${input}')) TO '${join(dir, 'copy.parquet')}' (FORMAT parquet, COMPRESSION 'zstd', ${extra})`,
    );
    console.log(`reference: duckdb COPY with ${extra}, once: ${(performance.now() - started).toFixed(0)} ms`);
  }
});
rmSync(dir, { recursive: true, force: true });
