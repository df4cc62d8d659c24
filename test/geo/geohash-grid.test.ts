import assert from 'node:assert/strict';
import { test } from 'node:test';
import { geohashBounds, geohashCentre, geohashEncode } from '../../src/geo/geohash.js';
import { snapToGrid } from '../../src/geo/grid.js';
import { SeededRandom } from '../../src/geo/random.js';
import { distanceMetres } from '../../src/geo/sphere.js';
import { coarsenTime, TIME_UNITS_MS } from '../../src/geo/time.js';
import { coordinateProblem, parseTimestamp } from '../../src/geo/validate.js';

test('geohash matches published reference values', () => {
  assert.equal(geohashEncode(57.64911, 10.40744, 11), 'u4pruydqqvj');
  assert.equal(geohashEncode(42.6, -5.6, 5), 'ezs42');
  const centre = geohashCentre('ezs42');
  assert.ok(Math.abs(centre.lat - 42.605) < 0.01 && Math.abs(centre.lng - -5.603) < 0.01);
});

test('a geohash cell contains its point and prefixes nest', () => {
  const random = new SeededRandom('geohash');
  for (let i = 0; i < 2000; i++) {
    const lat = random.nextDouble() * 180 - 90;
    const lng = random.nextDouble() * 360 - 180;
    const hash = geohashEncode(lat, lng, 9);
    const box = geohashBounds(hash);
    assert.ok(lat >= box.south && lat <= box.north && lng >= box.west && lng <= box.east);
    assert.equal(geohashEncode(lat, lng, 4), hash.slice(0, 4));
  }
  assert.throws(() => geohashBounds('abc'), RangeError); // 'a' is not in the alphabet
});

test('grid snap is idempotent and moves a point by at most a cell diagonal', () => {
  const random = new SeededRandom('grid');
  for (let i = 0; i < 2000; i++) {
    const p = { lat: random.nextDouble() * 160 - 80, lng: random.nextDouble() * 360 - 180 };
    const snapped = snapToGrid(p, 500);
    assert.deepEqual(snapToGrid(snapped, 500), snapped);
    assert.ok(distanceMetres(p, snapped) <= 500 * Math.SQRT2, `moved ${distanceMetres(p, snapped)} m`);
  }
});

test('time coarsening floors to UTC buckets; weeks start on Monday', () => {
  const t = Date.UTC(2024, 4, 15, 13, 47, 12); // Wednesday
  assert.equal(coarsenTime(t, TIME_UNITS_MS.hour), Date.UTC(2024, 4, 15, 13));
  assert.equal(coarsenTime(t, TIME_UNITS_MS['15min']), Date.UTC(2024, 4, 15, 13, 45));
  assert.equal(coarsenTime(t, TIME_UNITS_MS.day), Date.UTC(2024, 4, 15));
  assert.equal(coarsenTime(t, TIME_UNITS_MS.week), Date.UTC(2024, 4, 13));
});

test('bad coordinates and timestamps get reasons that never contain the value', () => {
  assert.equal(coordinateProblem(12.5, 100), undefined);
  assert.match(coordinateProblem(91.25, 0)!, /latitude outside/);
  assert.match(coordinateProblem(0, -180.5)!, /longitude outside/);
  assert.match(coordinateProblem(Number.NaN, 0)!, /latitude is missing/);
  assert.ok(!coordinateProblem(91.25, 0)!.includes('91'));
  assert.equal(parseTimestamp('2008-10-23 05:53:05'), Date.UTC(2008, 9, 23, 5, 53, 5));
  assert.equal(parseTimestamp('2008-10-23T05:53:05Z'), Date.UTC(2008, 9, 23, 5, 53, 5));
  assert.equal(parseTimestamp(1_700_000_000), 1_700_000_000_000);
  assert.ok(Number.isNaN(parseTimestamp('')) && Number.isNaN(parseTimestamp('yesterday')));
});

/** The textbook bisection encoder, as a reference for the bit-interleaving one. */
function bisectionGeohash(lat: number, lng: number, precision: number): string {
  const base32 = '0123456789bcdefghjkmnpqrstuvwxyz';
  const lo = [-180, -90];
  const hi = [180, 90];
  let hash = '';
  let v = 0;
  for (let k = 0; k < 5 * precision; k++) {
    const axis = k % 2;
    const x = axis === 0 ? lng : lat;
    const mid = (lo[axis]! + hi[axis]!) / 2;
    v = (v << 1) | (x >= mid ? 1 : 0);
    if (x >= mid) lo[axis] = mid;
    else hi[axis] = mid;
    if (k % 5 === 4) {
      hash += base32[v];
      v = 0;
    }
  }
  return hash;
}

test('the fast geohash encoder equals textbook bisection, edges included', () => {
  const random = new SeededRandom('bisection');
  const points: [number, number][] = [
    [90, 180],
    [-90, -180],
    [0, 0],
    [45, -90],
    [-0.0000001, 179.9999999],
  ];
  for (let i = 0; i < 50_000; i++)
    points.push([random.nextDouble() * 180 - 90, random.nextDouble() * 360 - 180]);
  for (const [lat, lng] of points) {
    for (const p of [1, 5, 8, 12])
      assert.equal(geohashEncode(lat, lng, p), bisectionGeohash(lat, lng, p), `${lat},${lng}@${p}`);
  }
});
