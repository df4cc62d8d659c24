import { UsageError } from '../core/errors.js';
import { pitman, snb, summarizeClasses, zayatz } from './uniqueness.js';

/**
 * Re-identification risk from equivalence classes over the quasi-identifiers (definitions as in
 * ARX and El Emam, "Guide to the De-Identification of Personal Health Information", 2013):
 * prosecutor risk of a record = 1 / size of its class; journalist risk uses the class size in
 * the population; marketer risk = expected share of records re-identified = classes / records.
 * Without a population size the dataset is taken as the population, so journalist = prosecutor.
 */
export interface ClassSummary {
  /** Record count per equivalence class. */
  sizes: readonly number[];
  /** Optional sensitive histograms per attribute, per class (same order as sizes). */
  sensitive?: { attribute: string; histograms: readonly Map<string, number>[] }[];
}

export interface AtRiskRecord {
  /** 1-based row number in the input. */
  row: number;
  classSize: number;
  risk: number;
}

export interface RiskOptions {
  /** Size of the population the dataset was sampled from (>= records). */
  populationSize?: number;
  /** A record is "at risk" when its prosecutor risk exceeds this (default 0.2, i.e. class < 5). */
  threshold?: number;
}

export interface SizeBucket {
  sizes: string;
  classes: number;
  records: number;
}

export interface UniquenessEstimate {
  model: 'pitman' | 'zayatz' | 'snb';
  /** Estimated population uniques, null when the model could not be fitted. */
  uniques: number | null;
  /** uniques / population size. */
  uniqueness: number | null;
}

export interface SensitiveRisk {
  attribute: string;
  /** Smallest number of distinct values in a class (distinct l-diversity of the table). */
  distinctL: number;
  /** Smallest exp(entropy) of a class (entropy l-diversity of the table). */
  entropyL: number;
  /** Largest equal-distance EMD between a class and the whole table (t-closeness of the table). */
  tCloseness: number;
}

export interface RiskReport {
  records: number;
  classes: number;
  classSizes: SizeBucket[];
  minClassSize: number;
  uniqueRecords: number;
  uniqueShare: number;
  prosecutor: {
    highest: number;
    average: number;
    recordsAtHighest: number;
    recordsAtRisk: number;
    threshold: number;
  };
  journalist: { highest: number; average: number };
  marketer: { average: number };
  population: {
    size: number;
    samplingFraction: number;
    sampleUniqueness: number;
    estimates: UniquenessEstimate[];
  } | null;
  sensitive: SensitiveRisk[];
}

const BUCKETS: [number, number][] = [
  [1, 1],
  [2, 2],
  [3, 4],
  [5, 9],
  [10, 19],
  [20, 49],
  [50, 99],
  [100, Infinity],
];

export function analyzeClasses(summary: ClassSummary, options: RiskOptions = {}): RiskReport {
  const sizes = summary.sizes;
  const records = sizes.reduce((a, b) => a + b, 0);
  if (records === 0)
    throw new UsageError('the dataset has no records', { hint: 'risk needs at least one row' });
  const threshold = options.threshold ?? 0.2;
  const minClassSize = Math.min(...sizes);
  const uniqueRecords = sizes.filter((s) => s === 1).length;
  const atRisk = sizes.reduce((a, s) => a + (1 / s > threshold ? s : 0), 0);
  const prosecutor = {
    highest: 1 / minClassSize,
    average: sizes.length / records,
    recordsAtHighest: sizes.reduce((a, s) => a + (s === minClassSize ? s : 0), 0) / records,
    recordsAtRisk: atRisk / records,
    threshold,
  };
  return {
    records,
    classes: sizes.length,
    classSizes: bucketize(sizes),
    minClassSize,
    uniqueRecords,
    uniqueShare: uniqueRecords / records,
    prosecutor,
    ...populationRisk(sizes, records, prosecutor, options.populationSize),
    sensitive: (summary.sensitive ?? []).map((s) => sensitiveRisk(s.attribute, s.histograms, sizes)),
  };
}

function bucketize(sizes: readonly number[]): SizeBucket[] {
  return BUCKETS.map(([low, high]) => {
    const inBucket = sizes.filter((s) => s >= low && s <= high);
    const label = low === high ? `${low}` : high === Infinity ? `${low}+` : `${low}-${high}`;
    return { sizes: label, classes: inBucket.length, records: inBucket.reduce((a, b) => a + b, 0) };
  });
}

/**
 * With a population of N, each class's population size is estimated as f/π (at least f), the
 * expectation under Bernoulli sampling; journalist and marketer risk use those estimates.
 */
function populationRisk(
  sizes: readonly number[],
  records: number,
  prosecutor: { highest: number; average: number },
  populationSize: number | undefined,
): Pick<RiskReport, 'journalist' | 'marketer' | 'population'> {
  if (populationSize === undefined) {
    return {
      journalist: { highest: prosecutor.highest, average: prosecutor.average },
      marketer: { average: prosecutor.average },
      population: null,
    };
  }
  if (!(populationSize >= records)) {
    throw new UsageError(`the population size must be at least the number of records (${records})`, {
      where: '--population-size',
    });
  }
  const pi = records / populationSize;
  const estimated = sizes.map((f) => Math.max(f, f / pi));
  const sample = summarizeClasses(sizes);
  const estimate = (model: UniquenessEstimate['model'], uniques: number | null): UniquenessEstimate => ({
    model,
    uniques,
    uniqueness: uniques === null ? null : uniques / populationSize,
  });
  return {
    journalist: { highest: 1 / Math.min(...estimated), average: sizes.length / records },
    marketer: { average: sizes.reduce((a, f, j) => a + f / estimated[j]!, 0) / records },
    population: {
      size: populationSize,
      samplingFraction: pi,
      sampleUniqueness: (sample.sizes.get(1) ?? 0) / records,
      estimates: [
        estimate('pitman', pitman(sample, populationSize)),
        estimate('zayatz', zayatz(sample, populationSize)),
        estimate('snb', snb(sample, populationSize)),
      ],
    },
  };
}

function sensitiveRisk(
  attribute: string,
  histograms: readonly Map<string, number>[],
  sizes: readonly number[],
): SensitiveRisk {
  const global = new Map<string, number>();
  const records = sizes.reduce((a, b) => a + b, 0);
  for (const h of histograms) for (const [v, n] of h) global.set(v, (global.get(v) ?? 0) + n);
  let distinctL = Infinity;
  let entropyL = Infinity;
  let tCloseness = 0;
  histograms.forEach((h, c) => {
    const size = sizes[c]!;
    distinctL = Math.min(distinctL, h.size);
    let entropy = 0;
    for (const n of h.values()) entropy -= (n / size) * Math.log(n / size);
    entropyL = Math.min(entropyL, Math.exp(entropy));
    let emd = 0;
    for (const [v, g] of global) emd += Math.abs((h.get(v) ?? 0) / size - g / records);
    tCloseness = Math.max(tCloseness, emd / 2);
  });
  return { attribute, distinctL, entropyL, tCloseness };
}

/** Groups in-memory rows by quasi-identifiers (for callers without DuckDB, e.g. the demo). */
export function classesOf(
  quasi: readonly (readonly (string | null | undefined)[])[],
  sensitive: { attribute: string; values: readonly (string | null | undefined)[] }[] = [],
): { summary: ClassSummary; classOfRow: Int32Array } {
  const rows = quasi[0]?.length ?? 0;
  const idOf = new Map<string, number>();
  const classOfRow = new Int32Array(rows);
  const sizes: number[] = [];
  for (let r = 0; r < rows; r++) {
    const key = JSON.stringify(quasi.map((col) => col[r] ?? null));
    let id = idOf.get(key);
    if (id === undefined) {
      id = sizes.length;
      idOf.set(key, id);
      sizes.push(0);
    }
    sizes[id]! += 1;
    classOfRow[r] = id;
  }
  const histograms = sensitive.map((s) => {
    const perClass = sizes.map(() => new Map<string, number>());
    s.values.forEach((v, r) => {
      const h = perClass[classOfRow[r]!]!;
      const key = v ?? '';
      h.set(key, (h.get(key) ?? 0) + 1);
    });
    return { attribute: s.attribute, histograms: perClass };
  });
  return { summary: { sizes, sensitive: histograms }, classOfRow };
}

/** The `limit` records in the smallest classes (highest prosecutor risk), by row number. */
export function mostAtRisk(classOfRow: Int32Array, sizes: readonly number[], limit = 10): AtRiskRecord[] {
  const rows = Array.from(classOfRow.keys()).sort(
    (a, b) => sizes[classOfRow[a]!]! - sizes[classOfRow[b]!]! || a - b,
  );
  return rows.slice(0, limit).map((r) => {
    const classSize = sizes[classOfRow[r]!]!;
    return { row: r + 1, classSize, risk: 1 / classSize };
  });
}

/** In-memory risk analysis: the library entry point the demo calls. */
export function analyzeRisk(
  quasi: Record<string, readonly (string | null | undefined)[]>,
  sensitive: Record<string, readonly (string | null | undefined)[]> = {},
  options: RiskOptions & { mostAtRisk?: number } = {},
): RiskReport & { mostAtRisk: AtRiskRecord[] } {
  const { summary, classOfRow } = classesOf(
    Object.values(quasi),
    Object.entries(sensitive).map(([attribute, values]) => ({ attribute, values })),
  );
  return {
    ...analyzeClasses(summary, options),
    mostAtRisk: mostAtRisk(classOfRow, summary.sizes, options.mostAtRisk),
  };
}
