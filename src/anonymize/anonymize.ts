import { UsageError } from '../core/errors.js';
import { encodeTable, type QuasiIdentifierInput, type SensitiveInput } from './encode.js';
import type { MetricName } from './metrics.js';
import { validateModels, type PrivacyModel } from './models.js';
import { recode, type Recoding } from './recode.js';
import {
  exhaustiveSearch,
  heuristicSearch,
  optimalSearch,
  type AnonymizationProblem,
  type SearchStats,
} from './search.js';

export type SearchMode = 'optimal' | 'heuristic' | 'exhaustive';

export interface GlobalRecodingOptions {
  models: readonly PrivacyModel[];
  /** Share of records that may be suppressed, 0..1 (default 0). */
  suppressionLimit?: number;
  metric?: MetricName;
  search?: SearchMode;
}

export interface GlobalRecodingResult extends Recoding {
  /** Chosen level per quasi-identifier, by column name. */
  levels: Record<string, number>;
  metric: MetricName;
  search: SearchMode;
  stats: SearchStats;
}

/**
 * Full-domain global recoding: finds the transformation (one hierarchy level per
 * quasi-identifier) that satisfies every model with at most the allowed suppression and the
 * least loss by `metric`, then applies it. Throws UsageError when no transformation qualifies.
 */
export function anonymizeGlobal(
  quasi: readonly QuasiIdentifierInput[],
  sensitive: readonly SensitiveInput[],
  options: GlobalRecodingOptions,
): GlobalRecodingResult {
  const suppressionLimit = options.suppressionLimit ?? 0;
  if (!(suppressionLimit >= 0 && suppressionLimit <= 1)) {
    throw new UsageError('the suppression limit must be between 0 and 1', {
      where: 'suppressionLimit',
      hint: 'e.g. 0.04',
    });
  }
  const used = new Set(options.models.flatMap((m) => ('attribute' in m ? [m.attribute] : [])));
  const table = encodeTable(
    quasi,
    sensitive.filter((s) => used.has(s.name)),
  );
  validateModels(options.models, table);
  const metric = options.metric ?? 'loss';
  const search = options.search ?? 'optimal';
  const problem: AnonymizationProblem = { table, models: options.models, suppressionLimit, metric };
  const run =
    search === 'optimal' ? optimalSearch : search === 'heuristic' ? heuristicSearch : exhaustiveSearch;
  const { best, stats } = run(problem);
  if (!best) {
    throw new UsageError('no transformation satisfies the privacy models within the suppression limit', {
      hint: 'raise the suppression limit, lower k/l, raise t, or add hierarchy levels',
    });
  }
  const levels = Object.fromEntries(quasi.map((q, i) => [q.name, best.levels[i]!]));
  return { ...recode(table, best.levels, options.models), levels, metric, search, stats };
}
