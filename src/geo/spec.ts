import { UsageError } from '../core/errors.js';
import { protectionConfig, type ProtectionConfig } from './protect.js';

/**
 * Parses a protection given on the command line: a JSON operator config, or a shorthand
 * `h3=7`, `geohash=6`, `grid=500` (metres), `round=3` (decimals), `time=hour`,
 * `geoind=EPSILON_PER_M` or `geoind=LEVEL/RADIUS_M` (e.g. `geoind=1.386/200`), and for risk
 * comparisons `cloak=K` or `cloak=K/WINDOW` (e.g. `cloak=5/hour`).
 */
export function parseProtectionSpec(spec: string): ProtectionConfig {
  const text = spec.trim();
  const candidate = text.startsWith('{') ? parseJson(text) : fromShorthand(text);
  const parsed = protectionConfig.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`invalid protection "${text}": ${issue?.message ?? 'not a location operator'}`, {
      where: '--protect',
      hint: 'use h3=RES, geohash=PRECISION, grid=METRES, round=DECIMALS, time=UNIT, geoind=EPS, geoind=LEVEL/RADIUS or cloak=K[/WINDOW]',
    });
  }
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError('the protection is not valid JSON', { where: '--protect' });
  }
}

function fromShorthand(text: string): unknown {
  const [name, value = ''] = text.split('=', 2) as [string, string?];
  const number = Number(value);
  switch (name) {
    case 'h3':
      return { op: 'h3', resolution: number };
    case 'geohash':
      return { op: 'geohash', precision: number };
    case 'grid':
      return { op: 'grid_snap', size_m: number };
    case 'round':
      return { op: 'round_coordinates', decimals: number };
    case 'time':
      return { op: 'time_coarsen', unit: value };
    case 'geoind': {
      const [level, radius] = value.split('/');
      return radius === undefined
        ? { op: 'geo_indistinguishability', epsilon_per_m: number }
        : { op: 'geo_indistinguishability', level: Number(level), radius_m: Number(radius) };
    }
    case 'cloak': {
      const [k, window] = value.split('/');
      return { op: 'cloak', k: Number(k), ...(window ? { window } : {}) };
    }
    default:
      return { op: name };
  }
}
