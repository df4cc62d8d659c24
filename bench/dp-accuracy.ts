/**
 * Accuracy of DP releases.
 * 1. Counts and sums at ε = 1: the RMSE measured over many releases of the same exact aggregate
 *    (candidate) against the mechanism's theoretical standard deviation (baseline, from the exact
 *    discrete Laplace variance 2p/(1−p)², p = e^(−1/b)); the ratio should be 1 within sampling noise.
 * 2. Histograms and quantiles on the demo data against exact answers computed in the same run.
 *   node --import tsx bench/dp-accuracy.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoData } from '../src/demo/generate.js';
import { planQuery } from '../src/dp/plan.js';
import { CryptoRandomSource } from '../src/dp/random.js';
import { releaseAggregates, type GroupAggregate } from '../src/dp/release.js';
import { parseQuerySpec, type DpQueryInput } from '../src/dp/spec.js';
import { openDataset } from '../src/engine/dataset.js';
import { executeDpQuery, prepareDpQuery } from '../src/engine/dp-query.js';
import { openEngine } from '../src/engine/duckdb.js';

const RELEASES = 20_000;
const rng = new CryptoRandomSource();

function laplaceSd(b: number): number {
  const p = Math.exp(-1 / b);
  return Math.sqrt((2 * p) / (1 - p) ** 2);
}

function measure(input: DpQueryInput, exact: GroupAggregate, truth: number): void {
  const plan = planQuery(parseQuerySpec(input));
  const mech = input.statistic === 'count' ? plan.count! : plan.sum!;
  const unit = input.statistic === 'count' ? 1 : 2 ** plan.grid!.k;
  let squared = 0;
  let covered = 0;
  for (let i = 0; i < RELEASES; i++) {
    const row = releaseAggregates(plan, [exact], rng)[0]!;
    squared += (row.value - truth) ** 2;
    if (row.interval && row.interval[0] <= truth && truth <= row.interval[1]) covered++;
  }
  const rmse = Math.sqrt(squared / RELEASES);
  const theory = laplaceSd(mech.scale) * unit;
  // the RMSE of n draws has relative standard error about sqrt((kurtosis − 1) / 4n) ≈ 1.2% here
  console.log(
    `${input.statistic} ε=1: measured RMSE ${rmse.toPrecision(4)}, theoretical sd ${theory.toPrecision(4)}, ratio ${(rmse / theory).toFixed(3)}; 95% CI coverage ${((100 * covered) / RELEASES).toFixed(1)}%`,
  );
}

measure({ subject: 's', statistic: 'count', epsilon: 1 }, { key: [], subjects: 2000n, count: 2000n }, 2000);
const sumSpec: DpQueryInput = {
  subject: 's',
  statistic: 'sum',
  column: 'x',
  lower: 0,
  upper: 100,
  epsilon: 1,
};
const sumPlan = planQuery(parseQuerySpec(sumSpec));
const gridSum = 2000n * 50n * 2n ** BigInt(-sumPlan.grid!.k); // 2000 values of 50, on the grid
measure(sumSpec, { key: [], subjects: 2000n, count: 2000n, sum: gridSum }, 2000 * 50);

// 2. demo data
const dir = mkdtempSync(join(tmpdir(), 'veil-dp-accuracy-'));
const engine = await openEngine();
try {
  const files = await generateDemoData(dir, { users: 20_000, pointsPerUser: 20, messagesPerUser: 0 });
  const users = await openDataset(engine, files.users);
  const hist: DpQueryInput = {
    subject: 'user_id',
    statistic: 'count',
    groupBy: ['country'],
    epsilon: 1,
    delta: 1e-6,
  };
  const exactCounts = new Map(
    (
      await engine.all(`SELECT country, count(DISTINCT user_id) AS n FROM ${users.relation} GROUP BY country`)
    ).map((r) => [String(r.country), Number(r.n)]),
  );
  const released = await executeDpQuery(engine, users, prepareDpQuery(users, parseQuerySpec(hist)));
  const errors = released.rows.map((r) => Math.abs(r.value - exactCounts.get(String(r.group.country))!));
  console.log(
    `histogram users by country (ε=1, δ=1e-6): ${released.rows.length}/${exactCounts.size} groups released, mean |error| ${(errors.reduce((a, b) => a + b, 0) / errors.length).toFixed(2)} users, max ${Math.max(...errors)}`,
  );
  const cityHist = await executeDpQuery(
    engine,
    users,
    prepareDpQuery(users, parseQuerySpec({ ...hist, groupBy: ['city'] })),
  );
  const cities = Number((await engine.all(`SELECT count(DISTINCT city) AS n FROM ${users.relation}`))[0]!.n);
  console.log(
    `histogram users by city (ε=1, δ=1e-6): ${cityHist.rows.length}/${cities} cities released (threshold ${cityHist.selection!.threshold}; small cities suppressed by design)`,
  );
  const points = await openDataset(engine, files.locations);
  const levels = [0.1, 0.5, 0.9];
  const quantileSpec: DpQueryInput = {
    subject: 'user_id',
    statistic: 'quantile',
    column: 'lat',
    lower: -90,
    upper: 90,
    bins: 1800,
    quantiles: levels,
    epsilon: 1,
    maxRowsPerGroup: 20,
  };
  const exactQ = (
    await engine.all(
      `SELECT ${levels.map((q, i) => `quantile_disc(lat, ${q}) AS q${i}`).join(', ')}, count(*) AS n FROM ${points.relation}`,
    )
  )[0]!;
  const dpQ = await executeDpQuery(engine, points, prepareDpQuery(points, parseQuerySpec(quantileSpec)));
  for (const [i, q] of dpQ.rows[0]!.quantiles!.entries()) {
    const truth = Number(exactQ[`q${i}`]);
    const rankBelow = async (x: number): Promise<number> =>
      Number((await engine.all(`SELECT count(*) AS n FROM ${points.relation} WHERE lat < ${x}`))[0]!.n);
    const target = q.q * Number(exactQ.n);
    const rank = await rankBelow(q.value);
    // the best grid edge is one of the two edges around the exact quantile
    const step = 180 / 1800;
    const edgeBelow = -90 + Math.floor((truth + 90) / step) * step;
    const around = await Promise.all([edgeBelow, edgeBelow + step].map(rankBelow));
    const best = Math.min(...around.map((r) => Math.abs(r - target)));
    const error = Math.abs(rank - target);
    console.log(
      `quantile lat q=${q.q} (ε=1 total, 20 rows/user): DP ${q.value.toFixed(3)} vs exact ${truth.toFixed(3)} (|error| ${Math.abs(q.value - truth).toFixed(3)}°); rank error ${error.toFixed(0)} of ${Number(exactQ.n)} rows, best grid edge ${best.toFixed(0)}, excess ${(error - best).toFixed(0)} vs bound ${q.rankErrorBound.toFixed(0)}`,
    );
  }
} finally {
  engine.close();
  rmSync(dir, { recursive: true, force: true });
}
