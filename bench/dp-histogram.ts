/**
 * A DP histogram over 10 million rows (1M subjects × 10 rows, 97 categories) from Parquet:
 * candidate = `veil dp query`'s path (contribution bounding in DuckDB, noise, partition selection);
 * baseline = the plain non-private `GROUP BY` count over the same file. Alternating, 3 reps, median
 * wall-clock and CPU seconds. Also times one bounded DP sum (row-level bounding, the heavier SQL).
 *   node --import tsx bench/dp-histogram.ts [rows]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseQuerySpec, type DpQueryInput } from '../src/dp/spec.js';
import { openDataset } from '../src/engine/dataset.js';
import { executeDpQuery, prepareDpQuery } from '../src/engine/dp-query.js';
import { openEngine } from '../src/engine/duckdb.js';

const ROWS = Number(process.argv[2] ?? 10_000_000);
const REPS = 3;
const dir = mkdtempSync(join(tmpdir(), 'veil-dp-bench-'));
const file = join(dir, 'events.parquet');
const engine = await openEngine({ memoryLimit: '1GB' });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall seconds, and CPU seconds of this process (DuckDB's threads included). */
const cpu: Record<string, number[]> = { dp: [], plain: [], sum: [] };
async function seconds(name: string, body: () => Promise<unknown>): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await body();
  const c = process.cpuUsage(c0);
  cpu[name]!.push((c.user + c.system) / 1e6);
  return (performance.now() - t0) / 1000;
}

try {
  await engine.run(`COPY (
    SELECT i // 10 AS user_id, ((i * 7919) % 97)::INTEGER AS category, ((i * 31) % 1000)::DOUBLE / 10 AS amount
    FROM range(${ROWS}) t(i)
  ) TO '${file}' (FORMAT parquet)`);
  const dataset = await openDataset(engine, file);
  const histogram: DpQueryInput = {
    subject: 'user_id',
    statistic: 'count',
    groupBy: ['category'],
    epsilon: 1,
    delta: 1e-7,
    maxGroupsPerSubject: 5,
    maxRowsPerGroup: 1,
  };
  const sum: DpQueryInput = { ...histogram, statistic: 'sum', column: 'amount', lower: 0, upper: 100 };
  const run = (input: DpQueryInput) => () =>
    executeDpQuery(engine, dataset, prepareDpQuery(dataset, parseQuerySpec(input)));
  const baseline = () =>
    engine.all(`SELECT category, count(*) AS n FROM ${dataset.relation} GROUP BY category`);
  const times = { dp: [] as number[], plain: [] as number[], sum: [] as number[] };
  let released = 0;
  for (let rep = 0; rep < REPS; rep++) {
    times.plain.push(await seconds('plain', baseline));
    times.dp.push(await seconds('dp', async () => (released = (await run(histogram)()).rows.length)));
  }
  times.sum.push(await seconds('sum', run(sum)));
  const dp = median(times.dp);
  const plain = median(times.plain);
  const c = (name: string): string => `${median(cpu[name]!).toFixed(2)} s CPU`;
  console.log(
    `rows ${ROWS}: DP histogram ${dp.toFixed(2)} s wall, ${c('dp')} (${released} of 97 categories released)`,
  );
  console.log(
    `plain GROUP BY count ${plain.toFixed(2)} s wall, ${c('plain')}; DP/plain wall ratio ${(dp / plain).toFixed(1)}x`,
  );
  console.log(
    `DP grouped sum with row-level bounding (1 run) ${median(times.sum).toFixed(2)} s wall, ${c('sum')}`,
  );
} finally {
  engine.close();
  rmSync(dir, { recursive: true, force: true });
}
