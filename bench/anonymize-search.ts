/**
 * Optimal k-anonymity (k = 5, 4% suppression, loss metric) over a 30,000-row table with 9
 * quasi-identifiers (lattice of 12,960 nodes): Veil's pruning search vs a naive exhaustive search
 * over every node, measured alternately in the same run: median of REPS (default 5) runs of the
 * search; the exhaustive baseline (minutes) runs in the first BASELINE_REPS (default 1) rounds.
 *   node --import tsx bench/anonymize-search.ts
 */
import { adultLike } from './anonymize-data.js';
import { encodeTable } from '../src/anonymize/encode.js';
import type { MetricName } from '../src/anonymize/metrics.js';
import {
  exhaustiveSearch,
  optimalSearch,
  type AnonymizationProblem,
  type SearchResult,
} from '../src/anonymize/search.js';

const reps = Number(process.env.REPS ?? 5);
const baselineReps = Number(process.env.BASELINE_REPS ?? 1);
const metric = (process.env.METRIC ?? 'loss') as MetricName;
const data = adultLike(30_000, 'veil-adult', 9);
const table = encodeTable(data.quasi);
const problem: AnonymizationProblem = {
  table,
  models: [{ kind: 'k-anonymity', k: 5 }],
  suppressionLimit: 0.04,
  metric,
};

/** Wall time, and this process's CPU time (less distorted when other jobs share the cores). */
function time(run: (p: AnonymizationProblem) => SearchResult): {
  ms: number;
  cpu: number;
  result: SearchResult;
} {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = run(problem);
  const cpu = process.cpuUsage(cpuStart);
  return { ms: performance.now() - start, cpu: (cpu.user + cpu.system) / 1000, result };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const candidate: number[] = [];
const baseline: number[] = [];
const candidateCpu: number[] = [];
const baselineCpu: number[] = [];
const last: { optimal?: SearchResult; exhaustive?: SearchResult } = {};
for (let i = 0; i < reps; i++) {
  const o = time(optimalSearch);
  candidate.push(o.ms);
  candidateCpu.push(o.cpu);
  last.optimal = o.result;
  if (i >= baselineReps) {
    console.log(`rep ${i + 1}: optimal ${o.ms.toFixed(0)} ms (cpu ${o.cpu.toFixed(0)})`);
    continue;
  }
  const e = time(exhaustiveSearch);
  baseline.push(e.ms);
  baselineCpu.push(e.cpu);
  last.exhaustive = e.result;
  console.log(
    `rep ${i + 1}: optimal ${o.ms.toFixed(0)} ms (cpu ${o.cpu.toFixed(0)}), exhaustive ${e.ms.toFixed(0)} ms (cpu ${e.cpu.toFixed(0)})`,
  );
}
const o = last.optimal!;
const e = last.exhaustive!;
console.log(
  `rows ${table.rows}, distinct tuples ${table.weight.length}, lattice ${o.stats.latticeSize} nodes, metric ${metric}`,
);
console.log(
  `optimal:    median ${median(candidate).toFixed(0)} ms, ${o.stats.checked} nodes checked, value ${o.best?.value}, levels ${o.best?.levels.join(',')}`,
);
console.log(
  `exhaustive: median ${median(baseline).toFixed(0)} ms, ${e.stats.checked} nodes checked, value ${e.best?.value}, levels ${e.best?.levels.join(',')}`,
);
console.log(`same optimum: ${Math.abs((o.best?.value ?? NaN) - (e.best?.value ?? NaN)) <= 1e-9}`);
console.log(
  `cpu medians: optimal ${median(candidateCpu).toFixed(0)} ms, exhaustive ${median(baselineCpu).toFixed(0)} ms`,
);
console.log(`speed-up (exhaustive / optimal): ${(median(baseline) / median(candidate)).toFixed(1)}x wall`);
