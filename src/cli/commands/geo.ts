import { Option, type Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { withEngine } from '../../engine/duckdb.js';
import {
  cloakTraceFile,
  protectTraceFile,
  traceRiskFile,
  type RiskJobResult,
} from '../../engine/traces-jobs.js';
import type { ReadTracesOptions } from '../../engine/traces.js';
import type { ProtectionConfig } from '../../geo/protect.js';
import { parseProtectionSpec } from '../../geo/spec.js';
import { TIME_UNITS_MS, type TimeUnit } from '../../geo/time.js';
import { addInputOptions, inputOptions, type InputFlags } from '../dataset-options.js';
import { emit, notice } from '../io.js';

/** `veil geo coarsen|noise|cloak|risk`: location privacy on trace files (see docs/geo.md). */
interface TraceFlags extends InputFlags {
  subjectCol?: string;
  latCol?: string;
  lngCol?: string;
  timeCol?: string;
  outFormat?: string;
}

function addTraceOptions(command: Command): Command {
  return addInputOptions(command)
    .option('--subject-col <name>', 'column with the subject id (default: detected, e.g. uid, user_id)')
    .option('--lat-col <name>', 'latitude column (default: detected, e.g. lat, latitude)')
    .option('--lng-col <name>', 'longitude column (default: detected, e.g. lng, lon)')
    .option('--time-col <name>', 'timestamp column (default: detected, e.g. time, datetime)');
}

function readOptions(flags: TraceFlags): ReadTracesOptions {
  const { onError, ...dataset } = inputOptions(flags);
  const columns = {
    ...(flags.subjectCol ? { subject: flags.subjectCol } : {}),
    ...(flags.latCol ? { lat: flags.latCol } : {}),
    ...(flags.lngCol ? { lng: flags.lngCol } : {}),
    ...(flags.timeCol ? { time: flags.timeCol } : {}),
  };
  return { columns, dataset, ...(onError ? { onError } : {}) };
}

function int(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new UsageError(`${name} must be an integer`, { where: name });
    return n;
  };
}

function num(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new UsageError(`${name} must be a number`, { where: name });
    return n;
  };
}

const timeUnits = Object.keys(TIME_UNITS_MS);
const timeUnitOption = (flag: string, text: string): Option => new Option(flag, text).choices(timeUnits);

function reportQuarantine(quarantined: number, path: string): void {
  if (quarantined > 0) notice(`${quarantined} bad record(s) quarantined from ${path}`);
}

function writeSummary(r: { output: { rows: number; path: string; format: string } }): string {
  return `wrote ${r.output.rows} points to ${r.output.path} (${r.output.format})`;
}

interface CoarsenFlags extends TraceFlags {
  h3?: number;
  geohash?: number;
  grid?: number;
  round?: number;
  timeUnit?: TimeUnit;
}

function coarsenProtection(flags: CoarsenFlags): ProtectionConfig[] {
  const chosen: ProtectionConfig[] = [];
  if (flags.h3 !== undefined) chosen.push(parseProtectionSpec(`h3=${flags.h3}`));
  if (flags.geohash !== undefined) chosen.push(parseProtectionSpec(`geohash=${flags.geohash}`));
  if (flags.grid !== undefined) chosen.push(parseProtectionSpec(`grid=${flags.grid}`));
  if (flags.round !== undefined) chosen.push(parseProtectionSpec(`round=${flags.round}`));
  if (chosen.length !== 1) {
    throw new UsageError('choose exactly one of --h3, --geohash, --grid, --round', {
      where: 'veil geo coarsen',
    });
  }
  if (flags.timeUnit) chosen.push(parseProtectionSpec(`time=${flags.timeUnit}`));
  return chosen;
}

interface NoiseFlags extends TraceFlags {
  epsilon?: number;
  level?: number;
  radius?: number;
  grid?: number;
  region?: string;
  timeUnit?: TimeUnit;
}

function parseRegion(text: string): { south: number; west: number; north: number; east: number } {
  const parts = text.split(',').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p))) {
    throw new UsageError('--region must be SOUTH,WEST,NORTH,EAST in degrees', { where: '--region' });
  }
  const [south, west, north, east] = parts as [number, number, number, number];
  return { south, west, north, east };
}

function noiseProtection(flags: NoiseFlags): unknown[] {
  const strength =
    flags.epsilon !== undefined
      ? { epsilon_per_m: flags.epsilon }
      : { level: flags.level ?? Math.log(4), radius_m: flags.radius ?? 200 };
  if (flags.epsilon !== undefined && (flags.level !== undefined || flags.radius !== undefined)) {
    throw new UsageError('give --epsilon, or --level with --radius, not both', { where: 'veil geo noise' });
  }
  const config = {
    op: 'geo_indistinguishability',
    ...strength,
    ...(flags.grid !== undefined ? { grid_m: flags.grid } : {}),
    ...(flags.region ? { region: parseRegion(flags.region) } : {}),
  };
  const parsed = [parseProtectionSpec(JSON.stringify(config))];
  if (flags.timeUnit) parsed.push(parseProtectionSpec(`time=${flags.timeUnit}`));
  return parsed;
}

function registerCoarsen(geo: Command): void {
  addTraceOptions(
    geo
      .command('coarsen')
      .description('coarsen trace points to H3 cells, geohash cells, a metric grid, or rounded coordinates')
      .argument('<input>', 'trace file (CSV/JSONL/Parquet) or GeoLife folder')
      .argument('<output>', 'output dataset (.csv, .jsonl, .parquet)')
      .option('--h3 <resolution>', 'H3 resolution 0-15', int('--h3'))
      .option('--geohash <precision>', 'geohash precision 1-12', int('--geohash'))
      .option('--grid <metres>', 'snap to a grid of this cell size', num('--grid'))
      .option('--round <decimals>', 'round coordinates to this many decimals', int('--round'))
      .addOption(timeUnitOption('--time-unit <unit>', 'also coarsen timestamps'))
      .option('--out-format <format>', 'output format (default: from the extension)'),
  ).action(async (input: string, output: string, flags: CoarsenFlags) => {
    const protection = coarsenProtection(flags);
    const result = await withEngine((engine) =>
      protectTraceFile(engine, input, output, protection, {
        read: readOptions(flags),
        format: flags.outFormat,
      }),
    );
    emit(result, () => writeSummary(result));
    reportQuarantine(result.input.quarantined, input);
  });
}

function registerNoise(geo: Command): void {
  addTraceOptions(
    geo
      .command('noise')
      .description('geo-indistinguishability: planar Laplace noise per point (ε per metre = level / radius)')
      .argument('<input>', 'trace file or GeoLife folder')
      .argument('<output>', 'output dataset')
      .option('--epsilon <per-metre>', 'ε in 1/m', num('--epsilon'))
      .option('--level <l>', 'privacy level within --radius (default ln 4)', num('--level'))
      .option('--radius <metres>', 'radius for --level (default 200)', num('--radius'))
      .option('--grid <metres>', 'remap outputs to a public grid of this size', num('--grid'))
      .option('--region <s,w,n,e>', 'truncate outputs to this bounding box')
      .addOption(timeUnitOption('--time-unit <unit>', 'also coarsen timestamps'))
      .option('--out-format <format>', 'output format (default: from the extension)'),
  ).action(async (input: string, output: string, flags: NoiseFlags) => {
    const protection = noiseProtection(flags);
    const result = await withEngine((engine) =>
      protectTraceFile(engine, input, output, protection, {
        read: readOptions(flags),
        format: flags.outFormat,
      }),
    );
    emit(result, () => writeSummary(result));
    reportQuarantine(result.input.quarantined, input);
  });
}

interface CloakFlags extends TraceFlags {
  k: number;
  minRes: number;
  maxRes: number;
  window: TimeUnit;
}

function registerCloak(geo: Command): void {
  addTraceOptions(
    geo
      .command('cloak')
      .description(
        'k-anonymous cloaking: each point at the finest H3 cell holding ≥ k subjects in its time window',
      )
      .argument('<input>', 'trace file or GeoLife folder')
      .argument('<output>', 'output dataset (suppressed points are left out)')
      .requiredOption('--k <k>', 'minimum distinct subjects per released cell and window', int('--k'))
      .option('--min-res <res>', 'coarsest H3 resolution before suppression', int('--min-res'), 4)
      .option('--max-res <res>', 'finest H3 resolution tried', int('--max-res'), 10)
      .addOption(timeUnitOption('--window <unit>', 'time window for counting subjects').default('hour'))
      .option('--out-format <format>', 'output format (default: from the extension)'),
  ).action(async (input: string, output: string, flags: CloakFlags) => {
    const result = await withEngine((engine) =>
      cloakTraceFile(engine, input, output, {
        k: flags.k,
        minResolution: flags.minRes,
        maxResolution: flags.maxRes,
        windowMs: TIME_UNITS_MS[flags.window],
        read: readOptions(flags),
        format: flags.outFormat,
      }),
    );
    emit(result, () => `${writeSummary(result)}; ${result.suppressed} point(s) suppressed (k = ${result.k})`);
    reportQuarantine(result.input.quarantined, input);
  });
}

interface RiskFlags extends TraceFlags {
  resolution: number;
  bucket: TimeUnit;
  points: string;
  samples?: number;
  seed: string;
  utcOffset: number;
  protect: string[];
}

function parsePoints(text: string): number[] {
  const points = text.split(',').map(Number);
  if (points.some((p) => !Number.isInteger(p) || p < 1 || p > 50)) {
    throw new UsageError('--points must be a comma list of integers 1-50', { where: '--points' });
  }
  return points;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const found = (a: { sameCellRate: number; inferredRaw: number }): string =>
  a.inferredRaw === 0 ? 'n/a' : pct(a.sameCellRate);
/** Unicity as a percentage, or n/a when no subject had p distinct points. */
const share = (u: { unicity: number; tested: number }): string => (u.tested === 0 ? 'n/a' : pct(u.unicity));

function renderRisk({ input, report }: RiskJobResult): string {
  const { raw, protected: safe } = report;
  const lines = [
    `${input.path}: ${report.points} points, ${report.subjects} subjects` +
      (input.quarantined ? `, ${input.quarantined} quarantined` : ''),
    `unicity (H3 res ${raw.unicity.resolution}, ${raw.unicity.bucketMs / 60_000}-minute buckets, seed "${raw.unicity.seed}"):`,
    `  p   raw       ${safe ? 'protected ' : ''}subjects tested`,
  ];
  raw.unicity.byP.forEach((u, i) => {
    const after = safe?.unicity.byP[i];
    lines.push(
      `  ${String(u.p).padEnd(3)} ${share(u).padEnd(9)} ${after ? `${share(after).padEnd(9)} ` : ''}${u.tested}`,
    );
  });
  lines.push(
    `home inferred for ${raw.anchors.homeInferred}/${raw.anchors.subjects}, work for ${raw.anchors.workInferred}/${raw.anchors.subjects}`,
  );
  if (safe) {
    const err = (m: number | null): string => (m === null ? 'n/a' : `${Math.round(m)} m`);
    lines.push(
      `after protection: home cell still found for ${found(safe.home)} (median error ${err(safe.home.medianErrorMetres)}),`,
    );
    lines.push(
      `  work cell still found for ${found(safe.work)} (median error ${err(safe.work.medianErrorMetres)})`,
    );
  }
  return lines.join('\n');
}

function registerRisk(geo: Command): void {
  addTraceOptions(
    geo
      .command('risk')
      .description(
        'trajectory risk: unicity for p points (de Montjoye et al.) and home/work inference, raw vs protected',
      )
      .argument('<input>', 'trace file or GeoLife folder')
      .option('--resolution <res>', 'H3 resolution of spatio-temporal points', int('--resolution'), 8)
      .addOption(timeUnitOption('--bucket <unit>', 'time bucket of spatio-temporal points').default('hour'))
      .option('--points <list>', 'values of p', '1,2,3,4,5')
      .option('--samples <n>', 'subjects sampled (default: all)', int('--samples'))
      .option('--seed <text>', 'seed for reproducible sampling', 'veil-unicity')
      .option('--utc-offset <minutes>', 'local time offset for night/work hours', int('--utc-offset'), 0)
      .option(
        '--protect <spec>',
        'a protection to compare (repeatable): h3=7, geoind=1.386/200, time=hour, cloak=5/hour, JSON',
        (v, acc: string[]) => [...acc, v],
        [],
      ),
  ).action(async (input: string, flags: RiskFlags) => {
    const protection = flags.protect.map(parseProtectionSpec);
    const result = await withEngine((engine) =>
      traceRiskFile(engine, input, {
        read: readOptions(flags),
        unicity: {
          resolution: flags.resolution,
          bucketMs: TIME_UNITS_MS[flags.bucket],
          points: parsePoints(flags.points),
          seed: flags.seed,
          ...(flags.samples !== undefined ? { samples: flags.samples } : {}),
        },
        anchors: { resolution: flags.resolution, utcOffsetMinutes: flags.utcOffset },
        protection,
      }),
    );
    emit(result, () => renderRisk(result));
    reportQuarantine(result.input.quarantined, input);
  });
}

export function register(program: Command): void {
  const geo = program
    .command('geo')
    .description('location privacy: coarsen, noise, cloak, and trajectory risk');
  registerCoarsen(geo);
  registerNoise(geo);
  registerCloak(geo);
  registerRisk(geo);
}
