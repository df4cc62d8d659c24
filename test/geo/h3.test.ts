import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellToBoundary, cellToLatLng, getPentagons, latLngToCell as h3jsLatLngToCell } from 'h3-js';
import { cellKeyToCell, latLngToCell, latLngToCellKey } from '../../src/geo/h3.js';
import { FACE_CENTER_POINT } from '../../src/geo/h3-tables.js';
import { SeededRandom } from '../../src/geo/random.js';

/**
 * The TypeScript latLngToCell must give h3-js's exact cell for every input. Its fast path accepts
 * an answer only when the point is clear of every decision boundary (face, hexagon) by more than
 * its error bound, so besides random points the tests aim at those boundaries: hexagon edges and
 * vertices at every resolution, face edges, face centres (where libh3's own rounding is coarsest),
 * half-degree and 2-degree lines (where the fast path's sine table and face-candidate cells change),
 * poles, antimeridian and pentagons. VEIL_H3_POINTS scales the random sample (default 100,000
 * points x 16 resolutions).
 */
const POINTS = Number(process.env.VEIL_H3_POINTS ?? 100_000);
const RESOLUTIONS = Array.from({ length: 16 }, (_, r) => r);
const DEG = 180 / Math.PI;

/** Compares at every resolution; returns the first few mismatches (empty when identical). */
function mismatches(points: Iterable<[number, number]>): string[] {
  const found: string[] = [];
  let compared = 0;
  for (const [lat, lng] of points) {
    for (const res of RESOLUTIONS) {
      compared++;
      const expected = h3jsLatLngToCell(lat, lng, res);
      const actual = latLngToCell(lat, lng, res);
      if (actual !== expected && found.length < 5)
        found.push(`(${lat}, ${lng}) res ${res}: ${actual} != ${expected}`);
    }
  }
  assert.ok(compared > 0);
  return found;
}

/** A point at angular distance `radius` (radians) and bearing `bearing` from (lat, lng) degrees. */
function offset(lat: number, lng: number, radius: number, bearing: number): [number, number] {
  const p1 = lat / DEG;
  const l1 = lng / DEG;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(radius) + Math.cos(p1) * Math.sin(radius) * Math.cos(bearing));
  const l2 =
    l1 +
    Math.atan2(
      Math.sin(bearing) * Math.sin(radius) * Math.cos(p1),
      Math.cos(radius) - Math.sin(p1) * Math.sin(p2),
    );
  let lngOut = l2 * DEG;
  if (lngOut > 180) lngOut -= 360;
  if (lngOut < -180) lngOut += 360;
  return [p2 * DEG, lngOut];
}

test('uniform random points on the sphere: identical to h3-js at every resolution 0-15', () => {
  const random = new SeededRandom('h3-uniform');
  function* points(): Generator<[number, number]> {
    for (let i = 0; i < POINTS; i++) {
      const z = random.nextDouble() * 2 - 1;
      yield [Math.asin(z) * DEG, random.nextDouble() * 360 - 180];
    }
  }
  assert.deepEqual(mismatches(points()), []);
});

test('poles and the antimeridian', () => {
  const random = new SeededRandom('h3-edges');
  const points: [number, number][] = [];
  const nearLimits = [0, 1e-12, 1e-9, 1e-6, 1e-3, 0.1];
  for (const eps of nearLimits) {
    for (let i = 0; i < 200; i++) {
      const lng = random.nextDouble() * 360 - 180;
      const lat = random.nextDouble() * 180 - 90;
      points.push([90 - eps, lng], [-90 + eps, lng]);
      points.push([lat, 180 - eps], [lat, -180 + eps]);
    }
  }
  for (const lat of [90, -90, 0, 45.5, -89.999]) points.push([lat, 180], [lat, -180], [lat, 0]);
  assert.deepEqual(mismatches(points), []);
});

test('pentagon neighbourhoods (the twelve pentagons of every resolution), at several scales', () => {
  const random = new SeededRandom('h3-pentagons');
  const points: [number, number][] = [];
  for (const res of [0, 3, 8, 15]) {
    for (const pentagon of getPentagons(res)) {
      const [lat, lng] = cellToLatLng(pentagon);
      points.push([lat, lng]);
      for (const radius of [1e-12, 1e-9, 1e-7, 1e-5, 1e-3, 0.02, 0.2]) {
        for (let i = 0; i < 12; i++) points.push(offset(lat, lng, radius, random.nextDouble() * 2 * Math.PI));
      }
    }
  }
  assert.ok(points.length > 4 * 12 * 80);
  assert.deepEqual(mismatches(points), []);
});

test('points on and near the boundaries between icosahedron faces', () => {
  const random = new SeededRandom('h3-faces');
  const centre = (f: number): number[] => FACE_CENTER_POINT.slice(f * 3, f * 3 + 3);
  const points: [number, number][] = [];
  for (let f = 0; f < 20; f++) {
    for (let g = f + 1; g < 20; g++) {
      const a = centre(f);
      const b = centre(g);
      const chord = Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
      if (chord > 0.8) continue; // adjacent faces only
      for (let i = 0; i < 40; i++) {
        // On the bisecting plane of the two centres (ties in libh3's face choice), then nudged.
        const t = random.nextDouble() * 1.2 - 0.1;
        const nudge = [1e-15, 1e-12, 1e-8, 1e-4][i % 4]! * (random.nextDouble() - 0.5);
        const v = [0, 1, 2].map((c) => (a[c]! + b[c]!) / 2 + t * (random.nextDouble() - 0.5) * 0.3 + nudge);
        const n = Math.hypot(v[0]!, v[1]!, v[2]!);
        points.push([Math.asin(v[2]! / n) * DEG, Math.atan2(v[1]!, v[0]!) * DEG]);
      }
    }
  }
  assert.ok(points.length >= 30 * 40);
  assert.deepEqual(mismatches(points), []);
});

/** Latitude and longitude (degrees) of a unit vector. */
function toLatLng(v: readonly number[]): [number, number] {
  const n = Math.hypot(v[0]!, v[1]!, v[2]!);
  return [Math.asin(v[2]! / n) * DEG, Math.atan2(v[1]!, v[0]!) * DEG];
}

/** Unit vector of a point in degrees. */
function toVector(lat: number, lng: number): number[] {
  const p = lat / DEG;
  const l = lng / DEG;
  return [Math.cos(p) * Math.cos(l), Math.cos(p) * Math.sin(l), Math.sin(p)];
}

test('points on and next to hexagon edges and vertices, at every resolution', () => {
  const random = new SeededRandom('h3-hexagon-edges');
  const points: [number, number][] = [];
  for (let res = 0; res <= 15; res++) {
    for (let n = 0; n < 40; n++) {
      const cell = h3jsLatLngToCell(
        Math.asin(random.nextDouble() * 2 - 1) * DEG,
        random.nextDouble() * 360 - 180,
        res,
      );
      const corners = cellToBoundary(cell).map(([lat, lng]) => toVector(lat, lng));
      for (let e = 0; e < corners.length; e++) {
        const a = corners[e]!;
        const b = corners[(e + 1) % corners.length]!;
        points.push(toLatLng(a)); // a vertex: three hexagons meet
        for (let k = 0; k < 4; k++) {
          // On the great-circle edge (a straight line in the face's gnomonic plane), then nudged by
          // 0 to 1e-9 degrees: from within rounding of the boundary to just past the error bound.
          const t = random.nextDouble();
          const [lat, lng] = toLatLng([0, 1, 2].map((c) => (1 - t) * a[c]! + t * b[c]!));
          const nudge = [0, 1e-14, 1e-12, 1e-9][k]! * (random.nextDouble() - 0.5);
          points.push([lat + nudge, lng - nudge]);
        }
      }
    }
  }
  assert.ok(points.length > 16 * 40 * 5 * 5);
  assert.deepEqual(mismatches(points), []);
});

test('points near the twenty face centres (gnomonic origin), down to 1e-12 radians', () => {
  const random = new SeededRandom('h3-face-centres');
  const points: [number, number][] = [];
  for (let f = 0; f < 20; f++) {
    const [lat, lng] = toLatLng(FACE_CENTER_POINT.slice(f * 3, f * 3 + 3));
    points.push([lat, lng]);
    for (let e = 1; e <= 12; e++) {
      for (let i = 0; i < 6; i++) {
        points.push(
          offset(lat, lng, 10 ** -e * (0.5 + random.nextDouble()), random.nextDouble() * 2 * Math.PI),
        );
      }
    }
  }
  assert.deepEqual(mismatches(points), []);
});

test('points on and next to half-degree lines (sine table entries) and 2-degree lines (face cells)', () => {
  const random = new SeededRandom('h3-degree-lines');
  const points: [number, number][] = [];
  for (let i = 0; i < 600; i++) {
    const line = (Math.floor(random.nextDouble() * 721) - 360) / 2; // -180..180 in half degrees
    const other = random.nextDouble() * 360 - 180;
    for (const nudge of [0, 5e-15, -5e-15, 1e-12, -1e-12, 1e-9, -1e-9, 0.25, -0.25]) {
      points.push([Math.max(-90, Math.min(90, line / 2 + nudge)), other]);
      points.push([other / 2, Math.max(-180, Math.min(180, line + nudge))]);
    }
  }
  assert.deepEqual(mismatches(points), []);
});

test('finite coordinates outside the usual ranges wrap as in h3-js', () => {
  assert.deepEqual(
    mismatches([
      [100, 0],
      [-135.5, 20],
      [0, 400],
      [12.5, -540.25],
      [1e6, 1e6],
      [-1e12, 3e9],
    ]),
    [],
  );
});

test('invalid arguments are rejected like h3-js; fractional resolutions truncate like h3-js', () => {
  for (const [lat, lng, res] of [
    [Number.NaN, 0, 5],
    [0, Number.POSITIVE_INFINITY, 5],
    [1e308, 0, 3],
    [0, 0, 16],
    [0, 0, -1],
  ] as const) {
    assert.throws(() => h3jsLatLngToCell(lat, lng, res));
    assert.throws(() => latLngToCell(lat, lng, res), /resolution|latitude/);
  }
  assert.equal(latLngToCell(10, 20, 7.9), h3jsLatLngToCell(10, 20, 7.9));
});

test('numeric cell keys are exact, distinct per cell, and convert back to the cell', () => {
  const random = new SeededRandom('h3-keys');
  for (let i = 0; i < 2000; i++) {
    const lat = random.nextDouble() * 180 - 90;
    const lng = random.nextDouble() * 360 - 180;
    const res = i % 16;
    const key = latLngToCellKey(lat, lng, res);
    assert.ok(Number.isSafeInteger(key) && key >= 0 && key < 2 ** 52);
    assert.equal(cellKeyToCell(key, res), h3jsLatLngToCell(lat, lng, res));
  }
  // Neighbouring points in different cells get different keys, the same cell the same key.
  const a = latLngToCellKey(40, 116, 9);
  assert.equal(latLngToCellKey(40, 116, 9), a);
  assert.notEqual(latLngToCellKey(40.01, 116, 9), a);
});
