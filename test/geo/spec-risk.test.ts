import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VeilError } from '../../src/core/errors.js';
import { cloakTraces } from '../../src/geo/cloak.js';
import { protectTraces } from '../../src/geo/protect.js';
import { traceRisk } from '../../src/geo/risk.js';
import { parseProtectionSpec } from '../../src/geo/spec.js';
import { syntheticTraces } from '../../src/geo/synthetic.js';

test('protection shorthands and JSON parse to validated configs', () => {
  assert.deepEqual(parseProtectionSpec('h3=7'), { op: 'h3', resolution: 7, output: 'cell' });
  assert.deepEqual(parseProtectionSpec('geoind=1.386/200'), {
    op: 'geo_indistinguishability',
    level: 1.386,
    radius_m: 200,
  });
  assert.deepEqual(parseProtectionSpec('geoind=0.01'), {
    op: 'geo_indistinguishability',
    epsilon_per_m: 0.01,
  });
  assert.deepEqual(parseProtectionSpec('time=6h'), { op: 'time_coarsen', unit: '6h' });
  assert.deepEqual(parseProtectionSpec('cloak=5/day'), {
    op: 'cloak',
    k: 5,
    window: 'day',
    min_resolution: 4,
    max_resolution: 10,
  });
  assert.deepEqual(parseProtectionSpec('{"op":"grid_snap","size_m":250}'), { op: 'grid_snap', size_m: 250 });
  for (const bad of ['h3=99', 'geohash=x', 'cloak=0', 'teleport', '{oops', 'time=fortnight']) {
    assert.throws(
      () => parseProtectionSpec(bad),
      (e: unknown) => e instanceof VeilError && e.kind === 'usage',
      bad,
    );
  }
});

test('a cloak step keeps exactly the released points, at cell centres and window starts', () => {
  const traces = syntheticTraces({
    subjects: 50,
    days: 2,
    fixesPerHour: 1,
    radiusMetres: 5000,
    seed: 'cloak-step',
  });
  const released = cloakTraces(traces, { k: 3, windowMs: 6 * 3_600_000 }).released;
  const safe = protectTraces(traces, [{ op: 'cloak', k: 3, window: '6h' }]);
  assert.equal(safe.length, released);
  assert.ok(safe.length > 0 && safe.length < traces.length);
  assert.ok(safe.time.every((t) => t % (6 * 3_600_000) === 0));
});

test('risk report: cloaking and coarsening lower unicity and hide anchors', () => {
  const traces = syntheticTraces({
    subjects: 120,
    days: 7,
    fixesPerHour: 1,
    radiusMetres: 6000,
    seed: 'risk',
  });
  const options = { unicity: { resolution: 9, points: [2, 4] }, anchors: { resolution: 9 } };
  const raw = traceRisk(traces, options);
  assert.equal(raw.protected, undefined);
  assert.equal(raw.raw.anchors.homeInferred, 120);
  const cloaked = traceRisk(traces, { ...options, protection: [{ op: 'cloak', k: 5, window: 'day' }] });
  const coarse = traceRisk(traces, {
    ...options,
    protection: [
      { op: 'h3', resolution: 6 },
      { op: 'time_coarsen', unit: 'day' },
    ],
  });
  for (const report of [cloaked, coarse]) {
    const before = report.raw.unicity.byP[1]!.unicity;
    const after = report.protected!.unicity.byP[1]!.unicity;
    assert.ok(after < before, `p=4 unicity ${before} -> ${after}`);
    assert.ok(
      report.protected!.home.sameCellRate < 0.2,
      `home still found for ${report.protected!.home.sameCellRate}`,
    );
  }
});
