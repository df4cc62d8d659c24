import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellToParent, getResolution, latLngToCell } from 'h3-js';
import { compareAnchors, inferAnchors } from '../../src/geo/anchors.js';
import { cloakTraces } from '../../src/geo/cloak.js';
import { protectTraces } from '../../src/geo/protect.js';
import { SeededRandom } from '../../src/geo/random.js';
import { syntheticTraces } from '../../src/geo/synthetic.js';
import { TraceBuilder } from '../../src/geo/trace.js';

const HOUR = 3_600_000;

test('cloaking never releases a (cell, window) with fewer than k distinct subjects', () => {
  const traces = syntheticTraces({
    subjects: 120,
    days: 2,
    fixesPerHour: 1,
    radiusMetres: 8000,
    seed: 'cloak',
  });
  for (const k of [2, 5, 10]) {
    const out = cloakTraces(traces, { k, windowMs: 6 * HOUR, maxResolution: 10, minResolution: 5 });
    const subjectsPerRelease = new Map<string, Set<number>>();
    for (let i = 0; i < traces.length; i++) {
      const cell = out.cell[i];
      if (cell === null || cell === undefined) continue;
      // The released cell is the ancestor of the point's finest cell (H3 parents do not nest exactly).
      assert.equal(cellToParent(latLngToCell(traces.lat[i]!, traces.lng[i]!, 10), out.resolution[i]!), cell);
      assert.equal(getResolution(cell), out.resolution[i]);
      const key = `${cell}:${out.windowStart[i]}`;
      if (!subjectsPerRelease.has(key)) subjectsPerRelease.set(key, new Set());
      subjectsPerRelease.get(key)!.add(traces.subject[i]!);
    }
    for (const [key, subjects] of subjectsPerRelease)
      assert.ok(subjects.size >= k, `${key} has ${subjects.size} < ${k}`);
    assert.equal(out.released + out.suppressed, traces.length);
    assert.ok(out.released > traces.length / 2, `k=${k}: released only ${out.released}`);
  }
});

test('cloaking releases the finest resolution available and suppresses loners', () => {
  const builder = new TraceBuilder();
  for (let s = 0; s < 3; s++) builder.add(`crowd${s}`, 48.8584, 2.2945, 0); // same spot
  builder.add('hermit', -54.8, -68.3, 0); // alone at the end of the world
  const out = cloakTraces(builder.build(), { k: 3, maxResolution: 12, minResolution: 3 });
  assert.deepEqual([...out.resolution], [12, 12, 12, -1]);
  assert.equal(out.cell[3], null);
  assert.equal(out.suppressed, 1);
});

test('home and work are inferred from night and weekday working hours', () => {
  const builder = new TraceBuilder();
  const monday = Date.UTC(2024, 0, 1);
  const home = { lat: 39.99, lng: 116.31 };
  const work = { lat: 39.91, lng: 116.45 };
  const random = new SeededRandom('anchors');
  for (let day = 0; day < 7; day++) {
    for (let hour = 0; hour < 24; hour++) {
      const at =
        hour >= 22 || hour < 6
          ? home
          : day < 5 && hour >= 9 && hour < 17
            ? work
            : { lat: 39.95, lng: 116.2 + random.nextDouble() };
      builder.add('alice', at.lat, at.lng, monday + (day * 24 + hour) * HOUR + 60_000);
    }
  }
  const [alice] = inferAnchors(builder.build(), { resolution: 8 });
  assert.equal(alice!.home, latLngToCell(home.lat, home.lng, 8));
  assert.equal(alice!.work, latLngToCell(work.lat, work.lng, 8));
  assert.equal(alice!.workHours, 5 * 8);
  // Read with an 8-hour shift, night and work fall elsewhere: the local-time option matters.
  const [shifted] = inferAnchors(builder.build(), { resolution: 8, utcOffsetMinutes: 480 });
  assert.notEqual(shifted!.work, alice!.work);
});

test('repeated noisy reports still reveal home at weak noise; strong noise or coarsening hides it', () => {
  const traces = syntheticTraces({ subjects: 60, days: 7, seed: 'homes' });
  const raw = inferAnchors(traces, { resolution: 9 });
  const same = compareAnchors(raw, inferAnchors(traces, { resolution: 9 }), 'home');
  assert.equal(same.inferredRaw, 60);
  assert.equal(same.sameCellRate, 1);
  const recovery = (radius: number): ReturnType<typeof compareAnchors> => {
    const config = { op: 'geo_indistinguishability', level: Math.log(4), radius_m: radius };
    const noisy = protectTraces(traces, [config], new SeededRandom(`noise-${radius}`));
    return compareAnchors(raw, inferAnchors(noisy, { resolution: 9 }), 'home');
  };
  // Per-point noise composes: ~100 nightly reports around one home average the noise away.
  const weak = recovery(200);
  const strong = recovery(5000);
  assert.ok(weak.sameCellRate > 0.5, `weak noise: ${weak.sameCellRate}`);
  assert.ok(strong.sameCellRate < 0.2 && strong.medianErrorMetres! > 1000, JSON.stringify(strong));
  const coarse = protectTraces(traces, [{ op: 'h3', resolution: 6 }]);
  assert.equal(compareAnchors(raw, inferAnchors(coarse, { resolution: 9 }), 'home').sameCell, 0);
});
