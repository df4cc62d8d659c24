/**
 * Mondrian (k = 10) over 1,000,000 rows with 3 numeric quasi-identifiers and 1 categorical one:
 * Veil's in-place quickselect partitioning vs a naive Mondrian that sorts each partition to find
 * the median and copies rows into new arrays, alternately in the same run: median of REPS (default
 * 3) runs of Veil's; the naive baseline runs in the first BASELINE_REPS (default 1) rounds.
 *   node --import tsx bench/anonymize-mondrian.ts
 */
import { SeededStream } from './anonymize-data.js';
import { mondrian, type MondrianColumn } from '../src/anonymize/mondrian.js';

const reps = Number(process.env.REPS ?? 3);
const baselineReps = Number(process.env.BASELINE_REPS ?? 1);
const rows = Number(process.env.ROWS ?? 1_000_000);
const k = 10;
const rnd = new SeededStream('veil-mondrian');
const age = new Float64Array(rows);
const income = new Float64Array(rows);
const zip = new Float64Array(rows);
const sexes = ['Male', 'Female'];
const sex: string[] = new Array<string>(rows);
for (let i = 0; i < rows; i++) {
  age[i] = 17 + Math.floor(rnd.next() * rnd.next() * 74);
  income[i] = Math.floor(rnd.next() * rnd.next() * 250_000);
  zip[i] = 10_000 + Math.floor(rnd.next() * 89_999);
  sex[i] = sexes[rnd.next() < 0.6 ? 0 : 1]!;
}
const columns: MondrianColumn[] = [
  { name: 'age', kind: 'numeric', values: age },
  { name: 'income', kind: 'numeric', values: income },
  { name: 'zip', kind: 'numeric', values: zip },
  { name: 'sex', kind: 'categorical', values: sex },
];

/** Textbook Mondrian: sort the partition on the widest dimension, cut at the median. */
function naiveMondrian(keys: Float64Array[], k: number): number {
  const ranges = keys.map((col) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of col) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    return hi - lo || 1;
  });
  let partitions = 0;
  const stack: number[][] = [Array.from({ length: keys[0]!.length }, (_, i) => i)];
  while (stack.length > 0) {
    const part = stack.pop()!;
    const widths = keys.map((col, j) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const r of part) {
        lo = Math.min(lo, col[r]!);
        hi = Math.max(hi, col[r]!);
      }
      return { j, w: (hi - lo) / ranges[j]! };
    });
    widths.sort((a, b) => b.w - a.w);
    let done = false;
    for (const { j, w } of widths) {
      if (w === 0 || part.length < 2 * k) break;
      const col = keys[j]!;
      const sorted = [...part].sort((a, b) => col[a]! - col[b]!);
      const median = col[sorted[sorted.length >> 1]!]!;
      const left = sorted.filter((r) => col[r]! <= median);
      const right = sorted.filter((r) => col[r]! > median);
      if (left.length >= k && right.length >= k) {
        stack.push(left, right);
        done = true;
        break;
      }
    }
    if (!done) partitions++;
  }
  return partitions;
}

const sexKeys = Float64Array.from(sex, (s) => (s === 'Female' ? 0 : 1));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const candidate: number[] = [];
const candidateCpu: number[] = [];
const baseline: number[] = [];
for (let i = 0; i < reps; i++) {
  let start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = mondrian(columns, k);
  const cpu = process.cpuUsage(cpuStart);
  candidate.push(performance.now() - start);
  candidateCpu.push((cpu.user + cpu.system) / 1000);
  let naive = '';
  if (i < baselineReps) {
    start = performance.now();
    const partitions = naiveMondrian([age, income, zip, sexKeys], k);
    baseline.push(performance.now() - start);
    naive = `, naive ${baseline.at(-1)!.toFixed(0)} ms (${partitions} partitions)`;
  }
  console.log(
    `rep ${i + 1}: veil ${candidate.at(-1)!.toFixed(0)} ms (cpu ${candidateCpu.at(-1)!.toFixed(0)}, ${result.partitions.length} partitions, NCP ${result.ncp.toFixed(4)})${naive}`,
  );
}
console.log(
  `rows ${rows}, k ${k}: veil median ${median(candidate).toFixed(0)} ms (cpu ${median(candidateCpu).toFixed(0)}), naive median ${median(baseline).toFixed(0)} ms`,
);
console.log(`speed-up (naive / veil): ${(median(baseline) / median(candidate)).toFixed(1)}x wall`);
