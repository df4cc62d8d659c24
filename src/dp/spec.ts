import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { checkGranularity } from './grid.js';
import { checkDelta, checkEpsilon } from './params.js';

/** A DP query over a dataset, as written in a YAML/JSON spec or assembled from CLI flags. */
export const STATISTICS = ['count', 'sum', 'mean', 'variance', 'quantile'] as const;
export type Statistic = (typeof STATISTICS)[number];

const keyValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const specSchema = z
  .object({
    subject: z.string().min(1),
    statistic: z.enum(STATISTICS),
    column: z.string().min(1).optional(),
    groupBy: z.array(z.string().min(1)).default([]),
    /** Group keys known in advance (public): no partition selection, every listed key is released. */
    publicKeys: z.array(z.union([keyValue, z.array(keyValue)])).optional(),
    lower: z.number().optional(),
    upper: z.number().optional(),
    quantiles: z.array(z.number()).optional(),
    bins: z.number().int().min(2).max(65_536).default(256),
    epsilon: z.number(),
    delta: z.number().default(0),
    maxGroupsPerSubject: z.number().int().min(1).default(1),
    maxRowsPerGroup: z.number().int().min(1).default(1),
    granularity: z.number().int().optional(),
    confidence: z.number().gt(0).lt(1).default(0.95),
  })
  .strict();

export type DpQuerySpec = z.infer<typeof specSchema>;
export type DpQueryInput = z.input<typeof specSchema>;

/**
 * Validates a query spec completely before anything is read or computed: shape, privacy
 * parameters, clamps for value statistics, and quantile levels.
 */
export function parseQuerySpec(input: unknown, source = 'spec'): DpQuerySpec {
  const parsed = specSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length > 0 ? `${source}.${issue.path.join('.')}` : source;
    throw new UsageError(`invalid DP query: ${issue.message}`, {
      where: path,
      hint: 'see docs/dp.md for the query spec',
    });
  }
  const spec = parsed.data;
  checkEpsilon(spec.epsilon, `${source}.epsilon`);
  checkDelta(spec.delta, `${source}.delta`);
  if (spec.publicKeys !== undefined) checkPublicKeys(spec, source);
  else if (spec.groupBy.length > 0 && spec.delta === 0) {
    throw new UsageError('grouped queries need delta > 0 for partition selection', {
      where: `${source}.delta`,
      hint: 'group keys are not known in advance, so a key may only appear with probability <= delta; e.g. delta 1e-6, or list publicKeys',
    });
  }
  if (spec.groupBy.includes(spec.subject)) {
    throw new UsageError('the subject column cannot be a group key', { where: `${source}.groupBy` });
  }
  if (spec.statistic !== 'count') checkValueSpec(spec, source);
  if (spec.granularity !== undefined) checkGranularity(spec.granularity, `${source}.granularity`);
  return spec;
}

function checkValueSpec(spec: DpQuerySpec, source: string): void {
  if (spec.column === undefined) {
    throw new UsageError(`${spec.statistic} needs a value column`, {
      where: `${source}.column`,
      hint: 'e.g. --column amount',
    });
  }
  const { lower, upper } = spec;
  if (lower === undefined || upper === undefined || !Number.isFinite(lower) || !Number.isFinite(upper)) {
    throw new UsageError(`${spec.statistic} needs finite clamp bounds: values are unbounded otherwise`, {
      where: `${source}.lower/upper`,
      hint: 'give --lower and --upper from domain knowledge, not from the data itself',
    });
  }
  if (!(lower < upper)) throw new UsageError('lower must be below upper', { where: `${source}.lower/upper` });
  if (spec.statistic === 'quantile') {
    const qs = spec.quantiles ?? [];
    if (qs.length === 0 || qs.some((q) => !(q > 0 && q < 1))) {
      throw new UsageError('quantile needs levels strictly between 0 and 1', {
        where: `${source}.quantiles`,
        hint: 'e.g. --quantiles 0.5,0.9',
      });
    }
  }
}

/** The key tuples of `publicKeys`, one value per group-by column. */
export function publicKeyTuples(spec: DpQuerySpec): unknown[][] | undefined {
  return spec.publicKeys?.map((k) => (Array.isArray(k) ? k : [k]));
}

function checkPublicKeys(spec: DpQuerySpec, source: string): void {
  const tuples = publicKeyTuples(spec)!;
  if (spec.groupBy.length === 0 || tuples.length === 0) {
    throw new UsageError('publicKeys needs groupBy columns and at least one key', {
      where: `${source}.publicKeys`,
    });
  }
  const i = tuples.findIndex((t) => t.length !== spec.groupBy.length);
  if (i >= 0) {
    throw new UsageError(`each public key needs one value per groupBy column (${spec.groupBy.length})`, {
      where: `${source}.publicKeys[${i}]`,
    });
  }
}
