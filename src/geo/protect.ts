import { z } from 'zod';
import { cloakTraces, releasedTraces } from './cloak.js';
import { buildGeoOperator, geoOperatorConfig, type GeoOperatorConfig } from './operators.js';
import { TIME_UNITS_MS, type TimeUnit } from './time.js';
import type { RandomSource } from './random.js';
import type { Traces } from './trace.js';

export interface ProtectedTraces {
  traces: Traces;
  /** The cell id from the last cell-producing operator (h3, geohash), when there is one. */
  cells?: string[];
  cellKind?: 'h3' | 'geohash';
}

/** Cell coarsening also moves the point to the cell centre, so numeric coordinates stay coarse. */
function asPointOperator(config: GeoOperatorConfig): GeoOperatorConfig {
  return config.op === 'h3' || config.op === 'geohash' ? { ...config, output: 'centre' } : config;
}

/** Applies operator configs in order to every point; throws zod's error on a bad config. */
export function applyGeoOperators(
  traces: Traces,
  configs: unknown[],
  random?: RandomSource,
): ProtectedTraces {
  const parsed = configs.map((c) => asPointOperator(geoOperatorConfig.parse(c)));
  const operators = parsed.map((c) => buildGeoOperator(c, random));
  const cellKind = parsed
    .map((c) => c.op)
    .filter((op): op is 'h3' | 'geohash' => op === 'h3' || op === 'geohash')
    .pop();
  const lat = new Float64Array(traces.length);
  const lng = new Float64Array(traces.length);
  const time = new Float64Array(traces.length);
  const cells: string[] | undefined = cellKind ? new Array<string>(traces.length) : undefined;
  for (let i = 0; i < traces.length; i++) {
    let value = { lat: traces.lat[i]!, lng: traces.lng[i]!, time: traces.time[i]! };
    for (const operator of operators) {
      const out = operator(value);
      value = { lat: out.lat, lng: out.lng, time: out.time ?? value.time };
      if (cells && out.cell !== undefined) cells[i] = out.cell;
    }
    lat[i] = value.lat;
    lng[i] = value.lng;
    time[i] = value.time;
  }
  return { traces: { ...traces, lat, lng, time }, ...(cells ? { cells, cellKind } : {}) };
}

/** Cloaking as a trace-level protection step (it needs the whole dataset, so it is not a value operator). */
export const cloakConfig = z.object({
  op: z.literal('cloak'),
  k: z.number().int().min(1),
  window: z.enum(Object.keys(TIME_UNITS_MS) as [TimeUnit, ...TimeUnit[]]).default('hour'),
  min_resolution: z.number().int().min(0).max(15).default(4),
  max_resolution: z.number().int().min(0).max(15).default(10),
});
export type CloakConfig = z.infer<typeof cloakConfig>;

export const protectionConfig = z.union([geoOperatorConfig, cloakConfig]);
export type ProtectionConfig = z.infer<typeof protectionConfig>;

/**
 * The protected traces, for risk comparisons: value operators applied in order, and a `cloak` step
 * keeping only the released points (at their cell centres and window starts).
 */
export function protectTraces(traces: Traces, configs: unknown[], random?: RandomSource): Traces {
  let current = traces;
  let pending: unknown[] = [];
  const flush = (): void => {
    if (pending.length > 0) current = applyGeoOperators(current, pending, random).traces;
    pending = [];
  };
  for (const raw of configs) {
    const config = protectionConfig.parse(raw);
    if (config.op !== 'cloak') {
      pending.push(config);
      continue;
    }
    flush();
    const result = cloakTraces(current, {
      k: config.k,
      windowMs: TIME_UNITS_MS[config.window],
      minResolution: config.min_resolution,
      maxResolution: config.max_resolution,
    });
    current = releasedTraces(current, result);
  }
  flush();
  return current;
}
