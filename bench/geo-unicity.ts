/**
 * Unicity for p = 4 on ~1M points (synthetic population; goal < 30 s end to end). The query
 * phase compares the inverted index (point -> sorted subject list, shortest list first, binary
 * search) with the baseline a naive implementation would use: scan every subject's point set.
 * Both answer the same pre-drawn queries; alternating, median of 3.
 *   node --import tsx bench/geo-unicity.ts [subjects=2000]
 */
import { SeededRandom } from '../src/geo/random.js';
import { syntheticTraces } from '../src/geo/synthetic.js';
import { buildPointIndex, matchingSubjects, pointIds, traceUnicity } from '../src/geo/unicity.js';
import { compare, printComparison } from './harness.js';

const SUBJECTS = Number(process.argv[2] ?? 2000);
const P = 4;
let t = performance.now();
const traces = syntheticTraces({ subjects: SUBJECTS, days: 21, fixesPerHour: 1, seed: 'bench-unicity' });
console.log(
  `${traces.length.toLocaleString('en')} points, ${SUBJECTS} subjects (generated in ${(performance.now() - t).toFixed(0)} ms)`,
);

t = performance.now();
const report = traceUnicity(traces, { resolution: 8, points: [P] });
const endToEnd = performance.now() - t;
console.log(
  `end to end traceUnicity p=${P}: ${(endToEnd / 1000).toFixed(2)} s, unicity ${report.byP[0]!.unicity.toFixed(3)} (goal < 30 s)`,
);

// Query phase in isolation, on the same interned points.
const { ids, distinct } = pointIds(traces, 8, 3_600_000);
const index = buildPointIndex(traces.subject, ids, SUBJECTS, distinct);
const random = new SeededRandom('bench-queries');
const queries = Array.from({ length: SUBJECTS }, (_, s) => {
  const own = index.subjectPoints.subarray(index.subjectStart[s]!, index.subjectStart[s + 1]!);
  return Array.from({ length: P }, () => own[random.nextInt(own.length)]!);
});
const sets = Array.from(
  { length: SUBJECTS },
  (_, s) => new Set(index.subjectPoints.subarray(index.subjectStart[s]!, index.subjectStart[s + 1]!)),
);
let uniqueIndex = 0;
let uniqueScan = 0;
const c = await compare(
  {
    name: 'inverted index',
    run: () => {
      uniqueIndex = queries.filter((q) => matchingSubjects(index, q) === 1).length;
    },
  },
  {
    name: 'scan all subjects',
    run: () => {
      uniqueScan = queries.filter(
        (q) => sets.filter((set) => q.every((p) => set.has(p))).length === 1,
      ).length;
    },
  },
  3,
);
printComparison(c, `${SUBJECTS} queries; unique ${uniqueIndex} vs ${uniqueScan} (must agree)`);
if (uniqueIndex !== uniqueScan) process.exitCode = 1;
