import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellToParent, getResolution, latLngToCell } from 'h3-js';
import { buildGeoOperator } from '../../src/geo/operators.js';
import { SeededRandom } from '../../src/geo/random.js';
import { distanceMetres } from '../../src/geo/sphere.js';

const PARIS = { lat: 48.85837, lng: 2.294481, time: Date.UTC(2024, 0, 2, 8, 31, 10) };

test('h3 returns the cell at the resolution, and its centre on request', () => {
  const cell = buildGeoOperator({ op: 'h3', resolution: 8 })(PARIS);
  assert.equal(cell.cell, latLngToCell(PARIS.lat, PARIS.lng, 8));
  assert.equal(getResolution(cell.cell!), 8);
  const centre = buildGeoOperator({ op: 'h3', resolution: 7, output: 'centre' })(PARIS);
  assert.equal(latLngToCell(centre.lat, centre.lng, 7), centre.cell);
  assert.equal(cellToParent(cell.cell!, 7), centre.cell);
  assert.ok(distanceMetres(PARIS, centre) < 2000);
});

test('geohash, grid snap and rounding coarsen as configured', () => {
  assert.equal(buildGeoOperator({ op: 'geohash', precision: 6 })(PARIS).cell, 'u09tun');
  const rounded = buildGeoOperator({ op: 'round_coordinates', decimals: 2 })(PARIS);
  assert.deepEqual([rounded.lat, rounded.lng], [48.86, 2.29]);
  const snapped = buildGeoOperator({ op: 'grid_snap', size_m: 1000 })(PARIS);
  assert.ok(distanceMetres(PARIS, snapped) <= 1000 * Math.SQRT2);
  assert.equal(snapped.time, PARIS.time, 'the timestamp travels unchanged');
});

test('time_coarsen floors the timestamp and leaves the place alone', () => {
  const out = buildGeoOperator({ op: 'time_coarsen', unit: 'hour' })(PARIS);
  assert.equal(out.time, Date.UTC(2024, 0, 2, 8));
  assert.equal(out.lat, PARIS.lat);
});

test('geo_indistinguishability accepts ε per metre or (level, radius) and moves points', () => {
  const random = new SeededRandom('ops');
  const byLevel = buildGeoOperator(
    { op: 'geo_indistinguishability', level: Math.log(4), radius_m: 200 },
    random,
  );
  const byEps = buildGeoOperator(
    { op: 'geo_indistinguishability', epsilon_per_m: Math.log(4) / 200 },
    random,
  );
  let total = 0;
  for (let i = 0; i < 4000; i++)
    total += distanceMetres(PARIS, byLevel(PARIS)) + distanceMetres(PARIS, byEps(PARIS));
  const mean = total / 8000;
  assert.ok(Math.abs(mean - 2 / (Math.log(4) / 200)) < 15, `mean displacement ${mean}`);
});

test('bad configs are rejected', () => {
  const bad = [
    { op: 'h3', resolution: 16 },
    { op: 'geohash', precision: 0 },
    { op: 'grid_snap', size_m: -5 },
    { op: 'round_coordinates', decimals: 2.5 },
    { op: 'geo_indistinguishability' },
    { op: 'geo_indistinguishability', epsilon_per_m: 0.01, level: 1, radius_m: 100 },
    {
      op: 'geo_indistinguishability',
      epsilon_per_m: 0.01,
      region: { south: 10, west: 0, north: 5, east: 1 },
    },
    { op: 'time_coarsen', unit: 'fortnight' },
    { op: 'teleport' },
  ];
  for (const config of bad) assert.throws(() => buildGeoOperator(config), Error, JSON.stringify(config));
});
