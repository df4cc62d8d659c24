import { cellToLatLng } from 'h3-js';
import { z } from 'zod';
import { geohashCentre, geohashEncode, GEOHASH_MAX_PRECISION } from './geohash.js';
import { latLngToCell } from './h3.js';
import { snapToGrid } from './grid.js';
import { planarLaplace } from './laplace.js';
import { CryptoRandom, type RandomSource } from './random.js';
import { coarsenTime, TIME_UNITS_MS, type TimeUnit } from './time.js';

/**
 * Location operators as pure value functions with validated configs, so a policy rule can name one
 * (`{ op: 'h3', resolution: 8 }`) and apply it to each {lat, lng[, time]} value.
 */
export interface GeoValue {
  lat: number;
  lng: number;
  /** Epoch milliseconds, when a timestamp travels with the location. */
  time?: number;
}

/** The protected value: a representative point, the cell id for cell coarsening, the coarsened time. */
export interface ProtectedGeoValue extends GeoValue {
  cell?: string;
}

export type GeoOperator = (value: GeoValue) => ProtectedGeoValue;

const output = z.enum(['cell', 'centre']).default('cell');
const box = z
  .object({
    south: z.number().min(-90),
    west: z.number().min(-180),
    north: z.number().max(90),
    east: z.number().max(180),
  })
  .refine((b) => b.south <= b.north && b.west <= b.east, {
    message: 'region must have south <= north and west <= east',
  });

export const h3Config = z.object({
  op: z.literal('h3'),
  resolution: z.number().int().min(0).max(15),
  output,
});
export const geohashConfig = z.object({
  op: z.literal('geohash'),
  precision: z.number().int().min(1).max(GEOHASH_MAX_PRECISION),
  output,
});
export const gridSnapConfig = z.object({
  op: z.literal('grid_snap'),
  size_m: z.number().positive().max(10_000_000),
});
export const roundConfig = z.object({
  op: z.literal('round_coordinates'),
  decimals: z.number().int().min(0).max(10),
});
export const geoIndConfig = z
  .object({
    op: z.literal('geo_indistinguishability'),
    /** ε per metre directly, or the pair (level, radius_m) meaning ε = level / radius_m. */
    epsilon_per_m: z.number().positive().optional(),
    level: z.number().positive().optional(),
    radius_m: z.number().positive().optional(),
    grid_m: z.number().positive().optional(),
    region: box.optional(),
  })
  .refine((c) => (c.epsilon_per_m !== undefined) !== (c.level !== undefined && c.radius_m !== undefined), {
    message: 'give either epsilon_per_m, or both level and radius_m',
  });
export const timeCoarsenConfig = z.object({
  op: z.literal('time_coarsen'),
  unit: z.enum(Object.keys(TIME_UNITS_MS) as [TimeUnit, ...TimeUnit[]]),
});

export const geoOperatorConfig = z.union([
  h3Config,
  geohashConfig,
  gridSnapConfig,
  roundConfig,
  geoIndConfig,
  timeCoarsenConfig,
]);
export type GeoOperatorConfig = z.infer<typeof geoOperatorConfig>;

export function epsilonPerMetre(config: z.infer<typeof geoIndConfig>): number {
  return config.epsilon_per_m ?? config.level! / config.radius_m!;
}

function roundTo(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(x * scale) / scale;
}

/** A fresh value: the protected place, the (possibly coarsened) time, and a cell id when there is one. */
function value(lat: number, lng: number, time: number | undefined, cell?: string): ProtectedGeoValue {
  return cell === undefined ? { lat, lng, time } : { lat, lng, time, cell };
}

function h3Operator(c: z.infer<typeof h3Config>): GeoOperator {
  return (v) => {
    const cell = latLngToCell(v.lat, v.lng, c.resolution);
    if (c.output === 'cell') return value(v.lat, v.lng, v.time, cell);
    const [lat, lng] = cellToLatLng(cell);
    return value(lat, lng, v.time, cell);
  };
}

function geohashOperator(c: z.infer<typeof geohashConfig>): GeoOperator {
  return (v) => {
    const cell = geohashEncode(v.lat, v.lng, c.precision);
    if (c.output === 'cell') return value(v.lat, v.lng, v.time, cell);
    const centre = geohashCentre(cell);
    return value(centre.lat, centre.lng, v.time, cell);
  };
}

function geoIndOperator(c: z.infer<typeof geoIndConfig>, random: RandomSource): GeoOperator {
  const options = { epsilonPerMetre: epsilonPerMetre(c), gridMetres: c.grid_m, region: c.region };
  return (v) => {
    const noisy = planarLaplace(v, options, random);
    return value(noisy.lat, noisy.lng, v.time);
  };
}

/**
 * Builds the operator a config names. Throws zod's error on a bad config (callers turn it into a
 * UsageError with the policy path). `random` defaults to the OS CSPRNG.
 */
export function buildGeoOperator(config: unknown, random: RandomSource = new CryptoRandom()): GeoOperator {
  const c = geoOperatorConfig.parse(config);
  switch (c.op) {
    case 'h3':
      return h3Operator(c);
    case 'geohash':
      return geohashOperator(c);
    case 'grid_snap':
      return (v) => ({ ...v, ...snapToGrid(v, c.size_m) });
    case 'round_coordinates':
      return (v) => ({ ...v, lat: roundTo(v.lat, c.decimals), lng: roundTo(v.lng, c.decimals) });
    case 'geo_indistinguishability':
      return geoIndOperator(c, random);
    case 'time_coarsen':
      return (v) =>
        v.time === undefined ? { ...v } : { ...v, time: coarsenTime(v.time, TIME_UNITS_MS[c.unit]) };
  }
}
