import { depth, isAncestorOrSelf } from '../taxonomy/hierarchy.js';
import type { Dataset, Policy, RetentionLimit } from './model.js';

export interface RetentionResult {
  days: number;
  /** `retention[2] (user.location.precise)` or `datasets.users.retention`. */
  source: string;
  where: string;
}

/**
 * The retention that applies to a field: the most specific category limit (children may relax or
 * tighten their parent's), then the dataset's own limit if shorter. Undefined when neither is set.
 */
export function retentionFor(
  policy: Policy,
  dataset: Dataset,
  category: string,
): RetentionResult | undefined {
  const byCategory = mostSpecificLimit(policy.retention, category);
  const candidates: RetentionResult[] = [];
  if (byCategory) {
    const index = policy.retention.indexOf(byCategory);
    candidates.push({
      days: byCategory.days,
      source: `retention[${index}] (${byCategory.category})`,
      where: byCategory.where,
    });
  }
  if (dataset.retentionDays !== undefined) {
    candidates.push({
      days: dataset.retentionDays,
      source: `datasets.${dataset.name}.retention`,
      where: dataset.where,
    });
  }
  return candidates.sort((a, b) => a.days - b.days)[0];
}

function mostSpecificLimit(limits: readonly RetentionLimit[], category: string): RetentionLimit | undefined {
  return limits
    .filter((l) => isAncestorOrSelf(l.category, category))
    .sort((a, b) => depth(b.category) - depth(a.category))[0];
}
