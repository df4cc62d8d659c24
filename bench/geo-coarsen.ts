/**
 * Coarsening throughput on 1M points: each Veil value operator (as a policy rule would run it,
 * one {lat, lng, time} object per point) against the bare algorithm on typed arrays, alternating,
 * median of 5. Goal: at least 1M points per second per core. Then H3 alone: Veil's TypeScript
 * latLngToCell (string, and numeric key) against h3-js in the same run, on the same clustered points
 * and on uniform points over the whole sphere, reporting wall and CPU time (process user + sys: the
 * machine's cores are shared, so CPU seconds are the per-core figure), with each contender's
 * speed-up over h3-js from the same run.
 *   node --import tsx bench/geo-coarsen.ts         (all)
 *   node --import tsx bench/geo-coarsen.ts --h3    (the H3 comparison only)
 */
import { latLngToCell as h3jsLatLngToCell } from 'h3-js';
import { geohashEncode } from '../src/geo/geohash.js';
import { latLngToCell, latLngToCellKey } from '../src/geo/h3.js';
import { snapToGrid } from '../src/geo/grid.js';
import { planarLaplace } from '../src/geo/laplace.js';
import { buildGeoOperator } from '../src/geo/operators.js';
import { CryptoRandom, SeededRandom } from '../src/geo/random.js';
import { compare, median, printComparison } from './harness.js';

const N = 1_000_000;
const random = new SeededRandom('bench-coarsen');
const lat = Float64Array.from({ length: N }, () => 39.6 + random.nextDouble() * 0.6);
const lng = Float64Array.from({ length: N }, () => 116 + random.nextDouble() * 0.8);
const time = Float64Array.from({ length: N }, () => 1.7e12 + random.nextDouble() * 3e10);
let sink = 0;

function viaOperator(config: unknown): () => void {
  const operator = buildGeoOperator(config, new CryptoRandom());
  return () => {
    for (let i = 0; i < N; i++) sink += operator({ lat: lat[i]!, lng: lng[i]!, time: time[i]! }).lat;
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
const bare: Record<string, () => void> = {
  round_coordinates: () => {
    for (let i = 0; i < N; i++) sink += round(lat[i]!) + round(lng[i]!);
  },
  grid_snap: () => {
    for (let i = 0; i < N; i++) sink += snapToGrid({ lat: lat[i]!, lng: lng[i]! }, 500).lat;
  },
  geohash: () => {
    for (let i = 0; i < N; i++) sink += geohashEncode(lat[i]!, lng[i]!, 7).length;
  },
  h3: () => {
    for (let i = 0; i < N; i++) sink += latLngToCell(lat[i]!, lng[i]!, 8).length;
  },
  geo_indistinguishability: () => {
    const r = new CryptoRandom();
    for (let i = 0; i < N; i++)
      sink += planarLaplace({ lat: lat[i]!, lng: lng[i]! }, { epsilonPerMetre: 0.0069 }, r).lat;
  },
};

const configs: Record<string, unknown> = {
  round_coordinates: { op: 'round_coordinates', decimals: 3 },
  grid_snap: { op: 'grid_snap', size_m: 500 },
  geohash: { op: 'geohash', precision: 7 },
  h3: { op: 'h3', resolution: 8 },
  geo_indistinguishability: { op: 'geo_indistinguishability', epsilon_per_m: 0.0069 },
};

const h3Only = process.argv.includes('--h3');
if (!h3Only)
  console.log(`coarsening ${N.toLocaleString('en')} points, single thread, median of 5 (alternating)`);
for (const [name, config] of h3Only ? [] : Object.entries(configs)) {
  const c = await compare(
    { name: `operator ${name}`, run: viaOperator(config) },
    { name: 'bare', run: bare[name]! },
    5,
  );
  printComparison(c, `${(((N / c.candidateMs) * 1000) / 1e6).toFixed(2)} M points/s via operator`);
}

/**
 * Alternating runs of each contender; medians of wall and CPU milliseconds, and the first
 * contender's median over each one's (speed-up against the baseline).
 */
function timeCpu(contenders: Record<string, () => void>, repetitions: number): void {
  const wall: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  const names = Object.keys(contenders);
  for (let i = 0; i < repetitions; i++) {
    for (const name of i % 2 === 0 ? names : [...names].reverse()) {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      contenders[name]!();
      const used = process.cpuUsage(c0);
      (wall[name] ??= []).push(Number(process.hrtime.bigint() - t0) / 1e6);
      (cpu[name] ??= []).push((used.user + used.system) / 1000);
    }
  }
  const baseWall = median(wall[names[0]!]!);
  const baseCpu = median(cpu[names[0]!]!);
  for (const name of names) {
    const w = median(wall[name]!);
    const c = median(cpu[name]!);
    console.log(
      `  ${name.padEnd(30)} wall ${w.toFixed(0).padStart(5)} ms | cpu ${c.toFixed(0).padStart(5)} ms | ${(N / c / 1000).toFixed(2)} M points per CPU-second | x${(baseCpu / c).toFixed(2)} cpu, x${(baseWall / w).toFixed(2)} wall vs ${names[0]}`,
    );
  }
}

const sphereLat = Float64Array.from(
  { length: N },
  () => (Math.asin(random.nextDouble() * 2 - 1) * 180) / Math.PI,
);
const sphereLng = Float64Array.from({ length: N }, () => random.nextDouble() * 360 - 180);
const h3Sets: [string, Float64Array, Float64Array, number][] = [
  ['clustered (Beijing box), res 8', lat, lng, 8],
  ['uniform on the sphere, res 8', sphereLat, sphereLng, 8],
  ['uniform on the sphere, res 15', sphereLat, sphereLng, 15],
];
for (const [label, la, ln, res] of h3Sets) {
  console.log(`H3 latLngToCell, ${N.toLocaleString('en')} points, ${label}, median of 5 (alternating):`);
  timeCpu(
    {
      'h3-js latLngToCell': () => {
        for (let i = 0; i < N; i++) sink += h3jsLatLngToCell(la[i]!, ln[i]!, res).length;
      },
      'Veil latLngToCell (string)': () => {
        for (let i = 0; i < N; i++) sink += latLngToCell(la[i]!, ln[i]!, res).length;
      },
      'Veil latLngToCellKey (number)': () => {
        for (let i = 0; i < N; i++) sink += latLngToCellKey(la[i]!, ln[i]!, res);
      },
    },
    5,
  );
}
if (sink === 42) console.log('');
