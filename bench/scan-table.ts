/**
 * `veil scan` on a table (issue 4). Speed: a 10-million-row Parquet file (generated with DuckDB)
 * scanned with the default spread sample (goal < 10 s) and with --full (goal >= 1M cells/s/core),
 * against DuckDB reading the same columns in the same run (count of every column). Quality: the
 * labelled fixture (test/detect/table-fixture.ts) with natural names and with col_N names.
 * Run: node --import tsx bench/scan-table.ts [rows]   (default 10000000)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyColumns } from '../src/detect/columns/index.js';
import { loadNameModel } from '../src/detect/ner/index.js';
import { scanDataset, withEngine } from '../src/engine/index.js';
import { anonymousNames, labelledTable, quality } from '../test/detect/table-fixture.js';

const rows = Number(process.argv[2] ?? 10_000_000);
const dir = mkdtempSync(join(tmpdir(), 'veil-bench-scan-'));
const file = join(dir, 'table.parquet');
const cores = availableParallelism();

// Personal and non-personal columns, all with distinct-ish values so nothing is free from caching.
const GENERATE = `COPY (
  SELECT i AS order_id,
    'user' || (i * 7919 % 1000003) || '@example' || (i % 97) || '.com' AS email,
    '+44 20 7946 ' || lpad(CAST(i % 10000 AS VARCHAR), 4, '0') AS phone,
    ['Maria Garcia','Jean Dupont','Rahul Sharma','John Smith','Anna Müller','Dewi Lestari'][1 + i % 6] || ' ' || chr(65 + CAST(i % 26 AS INTEGER)) || '.' AS full_name,
    CAST((i * 37) % 100000 AS DOUBLE) / 100 AS amount,
    TIMESTAMP '2024-01-01' + to_seconds(i % 31536000) AS created_at,
    ['pending','shipped','delivered','returned'][1 + i % 4] AS status,
    '10.' || (i % 256) || '.' || (i // 256 % 256) || '.' || (i // 65536 % 256) AS ip,
    'SKU-' || lpad(CAST(i % 999983 AS VARCHAR), 6, '0') AS sku
  FROM range(${rows}) t(i)) TO '${file}' (FORMAT parquet)`;

const COLUMNS = ['order_id', 'email', 'phone', 'full_name', 'amount', 'created_at', 'status', 'ip', 'sku'];

/** Wall time and CPU time of this process (user + sys, all threads: DuckDB's and JS). */
async function time<T>(body: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const value = await body();
  const used = process.cpuUsage(cpu);
  return {
    ms: Number(process.hrtime.bigint() - start) / 1e6,
    cpuMs: (used.user + used.system) / 1000,
    value,
  };
}

async function main(): Promise<void> {
  await withEngine((e) => e.run(GENERATE));
  const cells = rows * COLUMNS.length;
  const baseline = await time(() =>
    withEngine((e) =>
      e.all(
        `SELECT ${COLUMNS.map((c) => `count(CAST("${c}" AS VARCHAR))`).join(', ')} FROM read_parquet('${file}')`,
      ),
    ),
  );
  const sampled = await time(() => scanDataset(file));
  const full = await time(() => scanDataset(file, { full: true }));
  const found = (r: typeof sampled.value) =>
    r.columns
      .filter((c) => c.entity)
      .map((c) => `${c.name}=${c.entity}`)
      .join(' ');
  console.log(`${rows} rows x ${COLUMNS.length} columns = ${cells} cells, ${cores} cores`);
  console.log(`baseline DuckDB (read + cast every column): ${(baseline.ms / 1000).toFixed(2)} s`);
  console.log(
    `sampled scan (${sampled.value.examinedRows} rows): ${(sampled.ms / 1000).toFixed(2)} s (goal < 10 s), ${(sampled.ms / baseline.ms).toFixed(2)}x baseline; ${found(sampled.value)}`,
  );
  const rate = cells / (full.ms / 1000) / cores;
  const cpuRate = cells / (full.cpuMs / 1000);
  console.log(
    `baseline CPU ${(baseline.cpuMs / 1000).toFixed(2)} s; sampled scan CPU ${(sampled.cpuMs / 1000).toFixed(2)} s`,
  );
  console.log(
    `full scan: ${(full.ms / 1000).toFixed(2)} s wall, ${(full.cpuMs / 1000).toFixed(2)} CPU-s; ${(rate / 1e6).toFixed(2)}M cells/s/core by wall x ${cores} cores, ${(cpuRate / 1e6).toFixed(2)}M cells per CPU-second (goal >= 1M), ${(full.ms / baseline.ms).toFixed(2)}x baseline; ${found(full.value)}`,
  );
  rmSync(dir, { recursive: true, force: true });

  const nameModel = loadNameModel();
  for (const seed of [7, 1234]) {
    const table = labelledTable(3000, seed);
    for (const anonymous of [false, true]) {
      const cols = anonymous ? anonymousNames(table) : table;
      const results = classifyColumns(Object.fromEntries(cols.map((c) => [c.name, c.values])), {
        nameModel,
        referenceYear: 2025,
      });
      const q = quality(cols, results, anonymous);
      console.log(
        `quality seed ${seed} ${anonymous ? 'col_N  ' : 'natural'}: personal right ${q.personalRight}/${q.personal} (${((100 * q.personalRight) / q.personal).toFixed(1)}%), non-personal flagged ${q.otherFlagged}/${q.other} (${((100 * q.otherFlagged) / q.other).toFixed(1)}%)${q.wrong.length ? ` wrong: ${q.wrong.join('; ')}` : ''}`,
      );
    }
  }
}

await main();
