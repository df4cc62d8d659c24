/**
 * Unicity for p = 4 on ~1M points (synthetic population; goal < 30 s end to end). The query
 * phase compares the inverted index (point -> sorted subject list, shortest list first, binary
 * search) with the baseline a naive implementation would use: scan every subject's point set.
 * Both answer the same pre-drawn queries; alternating, median of 3.
 *   node --import tsx bench/geo-unicity.ts [subjects=2000]
 */
import { latLngToCell as h3jsLatLngToCell } from 'h3-js';
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
const cpu0 = process.cpuUsage();
const report = traceUnicity(traces, { resolution: 8, points: [P] });
const endToEnd = performance.now() - t;
const cpu = process.cpuUsage(cpu0);
console.log(
  `end to end traceUnicity p=${P}: ${(endToEnd / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU, unicity ${report.byP[0]!.unicity.toFixed(3)} (goal < 30 s)`,
);
// Interning alone, against the same loop on h3-js cell strings (the implementation before the port).
function pointIdsViaH3js(): number {
  const cells = new Map<string, number>();
  const pairs = new Map<number, number>();
  for (let i = 0; i < traces.length; i++) {
    const cell = h3jsLatLngToCell(traces.lat[i]!, traces.lng[i]!, 8);
    let cellId = cells.get(cell);
    if (cellId === undefined) cells.set(cell, (cellId = cells.size));
    const key = cellId * 1e6 + Math.floor(traces.time[i]! / 3_600_000);
    if (!pairs.has(key)) pairs.set(key, pairs.size);
  }
  return pairs.size;
}
let distinctViaH3js = 0;
let distinctViaKeys = 0;
const interning = await compare(
  {
    name: 'pointIds (TypeScript H3, numeric keys)',
    run: () => void (distinctViaKeys = pointIds(traces, 8, 3_600_000).distinct),
  },
  { name: 'same via h3-js strings', run: () => void (distinctViaH3js = pointIdsViaH3js()) },
  3,
);
printComparison(
  interning,
  `${distinctViaKeys} vs ${distinctViaH3js} distinct (cell, hour) points (must agree)`,
);
if (distinctViaKeys !== distinctViaH3js) process.exitCode = 1;

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
