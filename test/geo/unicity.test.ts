import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latLngToCell } from 'h3-js';
import { SeededRandom } from '../../src/geo/random.js';
import { protectTraces } from '../../src/geo/protect.js';
import { syntheticTraces } from '../../src/geo/synthetic.js';
import { TraceBuilder, tracesFromPoints, type Traces } from '../../src/geo/trace.js';
import { buildPointIndex, matchingSubjects, traceUnicity } from '../../src/geo/unicity.js';

const HOUR = 3_600_000;

/** Brute force: subjects whose set of (cell, hour) keys contains every chosen key. */
function bruteForceMatches(traces: Traces, chosen: string[], res: number): number {
  const sets = traces.subjects.map(() => new Set<string>());
  for (let i = 0; i < traces.length; i++) {
    sets[traces.subject[i]!]!.add(
      `${latLngToCell(traces.lat[i]!, traces.lng[i]!, res)}:${Math.floor(traces.time[i]! / HOUR)}`,
    );
  }
  return sets.filter((s) => chosen.every((k) => s.has(k))).length;
}

test('the inverted index agrees with brute force on random point sets', () => {
  const random = new SeededRandom('index');
  const builder = new TraceBuilder();
  // A small world (3x3 cells, 6 hours) so many subjects share points.
  for (let i = 0; i < 3000; i++) {
    builder.add(
      `s${random.nextInt(60)}`,
      40 + random.nextInt(3) * 0.05,
      116 + random.nextInt(3) * 0.05,
      random.nextInt(6) * HOUR,
    );
  }
  const traces = builder.build();
  const keyOf = (i: number): string =>
    `${latLngToCell(traces.lat[i]!, traces.lng[i]!, 7)}:${Math.floor(traces.time[i]! / HOUR)}`;
  const intern = new Map<string, number>();
  const ids = Uint32Array.from({ length: traces.length }, (_, i) => {
    const key = keyOf(i);
    if (!intern.has(key)) intern.set(key, intern.size);
    return intern.get(key)!;
  });
  const index = buildPointIndex(traces.subject, ids, traces.subjects.length, intern.size);
  const names = [...intern.keys()];
  for (let trial = 0; trial < 300; trial++) {
    const chosen = [0, 1, 2].slice(0, 1 + random.nextInt(3)).map(() => random.nextInt(names.length));
    const expected = bruteForceMatches(
      traces,
      chosen.map((c) => names[c]!),
      7,
    );
    assert.equal(matchingSubjects(index, chosen), Math.min(expected, 2));
  }
});

test('unicity is 1 when every subject has private points and 0 when all traces are identical', () => {
  const distinct = new TraceBuilder();
  const identical = new TraceBuilder();
  for (let s = 0; s < 50; s++) {
    for (let h = 0; h < 10; h++) {
      distinct.add(`s${s}`, 10 + s * 0.1, 20 + h * 0.1, h * HOUR);
      identical.add(`s${s}`, 10, 20 + h * 0.1, h * HOUR);
    }
  }
  const a = traceUnicity(distinct.build(), { resolution: 8 });
  const b = traceUnicity(identical.build(), { resolution: 8 });
  assert.deepEqual(
    a.byP.map((x) => x.unicity),
    [1, 1, 1, 1, 1],
  );
  assert.deepEqual(
    b.byP.map((x) => x.unicity),
    [0, 0, 0, 0, 0],
  );
  assert.equal(b.distinctPoints, 10);
});

test('unicity grows with p, is reproducible per seed, and coarsening lowers it', () => {
  const traces = syntheticTraces({
    subjects: 300,
    days: 7,
    fixesPerHour: 1,
    radiusMetres: 3000,
    seed: 'unicity',
  });
  const raw = traceUnicity(traces, { resolution: 9, seed: 'r1' });
  const again = traceUnicity(traces, { resolution: 9, seed: 'r1' });
  assert.deepEqual(again, raw);
  const u = raw.byP.map((x) => x.unicity);
  assert.ok(u[3]! >= u[0]!, `p=4 ${u[3]} vs p=1 ${u[0]}`);
  assert.ok(u[3]! > 0.9, `p=4 unicity on fine cells should be high, got ${u[3]}`);
  const coarse = protectTraces(traces, [
    { op: 'h3', resolution: 5 },
    { op: 'time_coarsen', unit: '6h' },
  ]);
  const after = traceUnicity(coarse, { resolution: 9, seed: 'r1' });
  assert.ok(after.byP[3]!.unicity < u[3]! - 0.2, `after ${after.byP[3]!.unicity}, before ${u[3]}`);
});

test('subjects with fewer than p distinct points are not tested', () => {
  const builder = new TraceBuilder();
  builder.add('one-point', 10, 20, 0);
  builder.add('two-points', 12, 22, 0);
  builder.add('two-points', 11, 21, HOUR);
  builder.add('shares-a-point', 11, 21, HOUR);
  const report = traceUnicity(builder.build(), { points: [1, 2, 3] });
  assert.deepEqual(
    report.byP.map((x) => x.tested),
    [3, 1, 0],
  );
  // p=1: one-point is unique, shares-a-point never is; p=2: two-points' pair is its own.
  assert.ok([1, 2].includes(report.byP[0]!.unique));
  assert.equal(report.byP[1]!.unique, 1);
});

test('tracesFromPoints builds traces for library callers and reports invalid points', () => {
  const { traces, rejected } = tracesFromPoints([
    { subject: 'a', lat: 1, lng: 2, time: '2024-01-01 10:00:00' },
    { subject: 'a', lat: 100, lng: 2, time: 0 },
    { subject: 'b', lat: 1, lng: 2, time: new Date(Date.UTC(2024, 0, 1, 10)) },
    { subject: 'b', lat: 1, lng: 2, time: 'soon' },
  ]);
  assert.equal(traces.length, 2);
  assert.deepEqual(rejected, [
    { index: 1, reason: 'latitude outside [-90, 90]' },
    { index: 3, reason: 'timestamp is missing or unreadable' },
  ]);
  assert.equal(traceUnicity(traces, { points: [1] }).byP[0]!.unicity, 0);
});
