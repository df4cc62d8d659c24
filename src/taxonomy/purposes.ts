import { DEFAULT_PURPOSES } from './default-taxonomy.js';
import { Hierarchy, type TaxonomyNode } from './hierarchy.js';

/** A purpose of processing such as `model_training.recommendation`; children inherit its rules. */
export type Purpose = TaxonomyNode;

export function defaultPurposes(): Hierarchy<Purpose> {
  return new Hierarchy(DEFAULT_PURPOSES);
}
